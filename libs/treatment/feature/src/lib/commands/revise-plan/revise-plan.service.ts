import { Inject, Injectable } from '@nestjs/common';
import { TreatmentPlanRevised } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import type { PlanResponse, RevisePlanRequest } from '@massage/treatment-api';
import { revisePlan } from '@massage/treatment-domain';
import { plannerIdOf } from '../../care/care-access';
import { planEventBase, planTermsV1 } from '../../events/treatment-event-payloads';
import { AuditedRecords } from '../../http/audited-records';
import { notFound, type CommandContext } from '../../http/request-context';
import { toPlanResponse } from '../../http/responses';
import { accepted } from '../../http/treatment-refused';
import { planTermsFrom } from '../../plans/plan-terms';
import { findPlan, lockClientPlans, savePlan } from '../../plans/plan.store';
import { readScreeningContext } from '../../screening/screening-context';

/**
 * Revises an active plan: its terms in full, checked again against the client's latest screening (a passing
 * revision clears a review flag). The terms become the plan's next revision; the ones before stay stored.
 */
@Injectable()
export class RevisePlanService {
  constructor(
    private readonly records: AuditedRecords,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  revise(ctx: CommandContext, planId: string, body: RevisePlanRequest): Promise<PlanResponse> {
    return this.records.write(ctx, { operation: 'plan.revise', resourceType: 'treatment-plan', resourceId: planId }, async (manager) => {
      await lockClientPlans(manager, ctx.clientId);
      const stored = await findPlan(manager, ctx, planId, true);
      if (!stored) throw notFound('plan');
      const context = await readScreeningContext(manager, ctx.clientId, ctx.locationId);
      const terms = planTermsFrom(body, stored.plan.therapistId ?? (await plannerIdOf(manager, ctx.actor)));
      const plan = accepted(revisePlan(stored.plan, terms, context, this.clock.now()));
      const next = { plan, revision: stored.revision + 1 };
      await savePlan(manager, next, ctx.actor.subject);
      await this.outbox.enqueue(
        manager,
        TreatmentPlanRevised,
        { ...planEventBase(plan), ...planTermsV1(plan), revision: next.revision, revisedAt: (plan.revisedAt ?? this.clock.now()).toISOString() },
        { correlationId: ctx.correlationId },
      );
      return { value: toPlanResponse(next), resourceId: planId };
    });
  }
}
