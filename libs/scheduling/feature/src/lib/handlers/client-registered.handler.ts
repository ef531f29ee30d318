import { ClientRegistered, type ClientRegisteredV1 } from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/** Remembers that a client exists and which location registered them (a location books only its own clients). */
@Controller()
export class ClientRegisteredHandler {
  @EventPattern(ClientRegistered.type)
  async handle(@Payload() event: ClientRegisteredV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await ctx.manager.query(`INSERT INTO client_registration (client_id, location_id, registered_at) VALUES ($1, $2, $3) ON CONFLICT (client_id) DO NOTHING`, [
      event.clientId,
      event.locationId,
      event.registeredAt,
    ]);
  }
}
