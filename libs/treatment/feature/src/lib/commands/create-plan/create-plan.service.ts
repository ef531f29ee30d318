import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TreatmentPlanCreated } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import type { CreatePlanRequest, PlanResponse } from '@massage/treatment-api';
import { createPlan } from '@massage/treatment-domain';
import { plannerIdOf } from '../../care/care-access';
import { planEventBase, planTermsV1 } from '../../events/treatment-event-payloads';
import { AuditedRecords } from '../../http/audited-records';
import type { CommandContext } from '../../http/request-context';
import { toPlanResponse } from '../../http/responses';
import { accepted } from '../../http/treatment-refused';
import { planTermsFrom } from '../../plans/plan-terms';
import { lockClientPlans, savePlan } from '../../plans/plan.store';
import { readScreeningContext } from '../../screening/screening-context';

/**
 * Creates a client's plan from their latest screening, in one transaction: the domain checks every planned
 * technique on every focus region at the planned pressure against it (a refusal names the rule and writes
 * nothing); the plan, its first revision, TreatmentPlanCreated and the audit row commit together.
 */
@Injectable()
export class CreatePlanService {
  constructor(
    private readonly records: AuditedRecords,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  create(ctx: CommandContext, idempotencyKey: string, body: CreatePlanRequest): Promise<PlanResponse> {
    return this.records.write(
      ctx,
      { operation: 'plan.create', resourceType: 'treatment-plan' },
      async (manager) => {
        await lockClientPlans(manager, ctx.clientId);
        const context = await readScreeningContext(manager, ctx.clientId, ctx.locationId);
        const now = this.clock.now();
        const terms = planTermsFrom(body, await plannerIdOf(manager, ctx.actor));
        const plan = accepted(createPlan({ ...terms, planId: randomUUID(), clientId: ctx.clientId, locationId: ctx.locationId }, context, now));
        const stored = { plan, revision: 1 };
        await savePlan(manager, stored, ctx.actor.subject);
        await this.outbox.enqueue(manager, TreatmentPlanCreated, { ...planEventBase(plan), ...planTermsV1(plan), createdAt: plan.createdAt.toISOString() }, { correlationId: ctx.correlationId });
        return { value: toPlanResponse(stored), resourceId: plan.planId };
      },
      { key: idempotencyKey, path: '/plans', body },
    );
  }
}
