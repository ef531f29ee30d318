import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@massage/platform';
import type { PlanOutcomesResponse } from '@massage/treatment-api';
import { planOutcomes } from '@massage/treatment-domain';
import { AuditedRecords } from '../../http/audited-records';
import type { CommandContext } from '../../http/request-context';
import { localDate, locationZone } from '../../locations/local-day';
import { signedNotesOfPlan } from '../../notes/note.store';
import { findPlan } from '../../plans/plan.store';

/**
 * The plan's outcome trend as chart data (the domain's `planOutcomes` over its signed sessions): pain per region,
 * PSFS per goal and their mean, each with its change and MCID verdict, and whether re-assessment is due ("today"
 * is the location's local date, in its zone as scheduling opened it).
 */
@Injectable()
export class GetOutcomesService {
  constructor(
    private readonly records: AuditedRecords,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get(ctx: CommandContext, planId: string): Promise<PlanOutcomesResponse> {
    return this.records.read(ctx, { operation: 'plan.outcomes', resourceType: 'treatment-plan', resourceId: planId }, 'plan', async (manager) => {
      const stored = await findPlan(manager, ctx, planId);
      if (!stored) return undefined;
      return planOutcomes(stored.plan, await signedNotesOfPlan(manager, planId), localDate(this.clock.now(), await locationZone(manager, ctx.locationId)));
    });
  }
}
