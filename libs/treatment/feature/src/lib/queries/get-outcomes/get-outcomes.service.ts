import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@massage/platform';
import type { PlanOutcomesResponse } from '@massage/treatment-api';
import { planOutcomes } from '@massage/treatment-domain';
import type { EntityManager } from 'typeorm';
import { AuditedRecords } from '../../http/audited-records';
import type { CommandContext } from '../../http/request-context';
import { signedNotesOfPlan } from '../../notes/note.store';
import { findPlan } from '../../plans/plan.store';

/** The location's date at `now` (`YYYY-MM-DD`), in its zone; UTC's for a location treatment has not heard of. */
async function localToday(manager: EntityManager, locationId: string, now: Date): Promise<string> {
  const [row] = (await manager.query(`SELECT time_zone FROM known_location WHERE location_id = $1`, [locationId])) as { time_zone: string }[];
  return new Intl.DateTimeFormat('en-CA', { timeZone: row?.time_zone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

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
      return planOutcomes(stored.plan, await signedNotesOfPlan(manager, planId), await localToday(manager, ctx.locationId, this.clock.now()));
    });
  }
}
