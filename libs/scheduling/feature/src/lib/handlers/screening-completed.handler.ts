import { ScreeningCompleted, type ScreeningCompletedV1 } from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CLOCK, type Clock } from '@massage/platform';

/**
 * Keeps the client's latest screening: outcome, restrictions (codes, as the event carries them), table version
 * and the instant screened for. An older screening (a replay, a late duplicate) never replaces a newer one.
 * Until the first one arrives, a booking for the client is refused `screening-pending`.
 */
@Controller()
export class ScreeningCompletedHandler {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  @EventPattern(ScreeningCompleted.type)
  async handle(@Payload() s: ScreeningCompletedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await ctx.manager.query(
      `INSERT INTO client_screening (client_id, screening_id, location_id, outcome, restrictions, table_version, as_of, received_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)
       ON CONFLICT (client_id) DO UPDATE SET
         screening_id = EXCLUDED.screening_id, location_id = EXCLUDED.location_id, outcome = EXCLUDED.outcome, restrictions = EXCLUDED.restrictions,
         table_version = EXCLUDED.table_version, as_of = EXCLUDED.as_of, received_at = EXCLUDED.received_at
       WHERE client_screening.as_of <= EXCLUDED.as_of`,
      [s.clientId, s.screeningId, s.locationId, s.outcome, JSON.stringify(s.restrictions), s.tableVersion, s.asOf, this.clock.now()],
    );
  }
}
