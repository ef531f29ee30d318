import { Injectable } from '@nestjs/common';
import type { PlanListResponse, PlanResponse } from '@massage/treatment-api';
import { AuditedRecords } from '../../http/audited-records';
import type { CommandContext } from '../../http/request-context';
import { toPlanResponse } from '../../http/responses';
import { findPlan, listPlans } from '../../plans/plan.store';

/** A client's plans at the location (health data: every read audited before it is answered). */
@Injectable()
export class GetPlanService {
  constructor(private readonly records: AuditedRecords) {}

  async get(ctx: CommandContext, planId: string): Promise<PlanResponse> {
    const stored = await this.records.read(ctx, { operation: 'plan.read', resourceType: 'treatment-plan', resourceId: planId }, 'plan', (m) => findPlan(m, ctx, planId));
    return toPlanResponse(stored);
  }

  async list(ctx: CommandContext): Promise<PlanListResponse> {
    const plans = await this.records.read(ctx, { operation: 'plan.list', resourceType: 'treatment-plan' }, 'client', (m) => listPlans(m, ctx));
    return { plans: plans.map(toPlanResponse) };
  }
}
