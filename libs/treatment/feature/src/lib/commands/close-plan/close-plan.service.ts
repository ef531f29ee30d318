import { Inject, Injectable } from '@nestjs/common';
import { TreatmentPlanCompleted, TreatmentPlanDiscontinued, type PlanDiscontinuationReason } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import type { PlanResponse } from '@massage/treatment-api';
import { completePlan, discontinuePlan, type Outcome, type TreatmentPlan } from '@massage/treatment-domain';
import type { EntityManager } from 'typeorm';
import { planEventBase } from '../../events/treatment-event-payloads';
import { AuditedRecords } from '../../http/audited-records';
import { notFound, type CommandContext } from '../../http/request-context';
import { toPlanResponse } from '../../http/responses';
import { accepted } from '../../http/treatment-refused';
import { signedSessionsOfPlan } from '../../notes/note.store';
import { findPlan, lockClientPlans, savePlan } from '../../plans/plan.store';

/** The end of a plan: completed (discharged) or discontinued with a reason; either counts the signed sessions logged. */
@Injectable()
export class ClosePlanService {
  constructor(
    private readonly records: AuditedRecords,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  complete(ctx: CommandContext, planId: string): Promise<PlanResponse> {
    return this.close(ctx, planId, 'plan.complete', (plan, now) => completePlan(plan, now), (manager, plan, sessionsLogged) =>
      this.outbox.enqueue(manager, TreatmentPlanCompleted, { ...planEventBase(plan), sessionsLogged, completedAt: this.closedAt(plan) }, { correlationId: ctx.correlationId }),
    );
  }

  discontinue(ctx: CommandContext, planId: string, reason: PlanDiscontinuationReason): Promise<PlanResponse> {
    return this.close(ctx, planId, 'plan.discontinue', (plan, now) => discontinuePlan(plan, reason, now), (manager, plan, sessionsLogged) =>
      this.outbox.enqueue(manager, TreatmentPlanDiscontinued, { ...planEventBase(plan), reason, sessionsLogged, discontinuedAt: this.closedAt(plan) }, { correlationId: ctx.correlationId }),
    );
  }

  private closedAt(plan: TreatmentPlan): string {
    return (plan.closedAt ?? this.clock.now()).toISOString();
  }

  private close(
    ctx: CommandContext,
    planId: string,
    operation: 'plan.complete' | 'plan.discontinue',
    step: (plan: TreatmentPlan, now: Date) => Outcome<TreatmentPlan>,
    publish: (manager: EntityManager, plan: TreatmentPlan, sessionsLogged: number) => Promise<unknown>,
  ): Promise<PlanResponse> {
    return this.records.write(ctx, { operation, resourceType: 'treatment-plan', resourceId: planId }, async (manager) => {
      await lockClientPlans(manager, ctx.clientId);
      const stored = await findPlan(manager, ctx, planId, true);
      if (!stored) throw notFound('plan');
      const closed = { ...stored, plan: accepted(step(stored.plan, this.clock.now())) };
      await savePlan(manager, closed);
      await publish(manager, closed.plan, await signedSessionsOfPlan(manager, planId));
      return { value: toPlanResponse(closed), resourceId: planId };
    });
  }
}
