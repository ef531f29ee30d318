import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { LocationOpened, LocationUpdated, type LocationOpenedV1, type LocationUpdatedV1 } from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { recordKnownLocation } from './known-locations';

/**
 * Learns locations from the compacted `scheduling.locations.v1` (read from its start by a new consumer group, it
 * lists every location once), in the consumer's transaction. Both events carry the location's whole state.
 */
@Controller()
export class KnownLocationEventsHandler {
  @EventPattern(LocationOpened.type)
  async opened(@Payload() e: LocationOpenedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await recordKnownLocation(ctx.manager, e);
  }

  @EventPattern(LocationUpdated.type)
  async updated(@Payload() e: LocationUpdatedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await recordKnownLocation(ctx.manager, e, e.updatedAt);
  }
}
