import { ClientContactRecorded, type ClientContactRecordedV1 } from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { recordClearanceProviders } from '../clearance-letters/clearance-providers';
import { WelcomeService } from '../welcome.service';

/**
 * Keeps the local contact projection up to date from the private contact topic. An event older than
 * what we hold (a replay, a compaction leftover) does not overwrite the newer row. Then settles the
 * welcomes that were waiting for this client's contact (their IntakeCompleted arrived first), in the
 * same transaction.
 */
@Controller()
export class ClientContactRecordedHandler {
  constructor(private readonly welcomes: WelcomeService) {}

  @EventPattern(ClientContactRecorded.type)
  async handle(@Payload() contact: ClientContactRecordedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    const { manager } = ctx;
    await this.welcomes.lockClient(manager, contact.clientId);
    await manager.query(
      `INSERT INTO contact (client_id, location_id, given_name, family_name, email, phone, preferred_channel, recorded_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (client_id) DO UPDATE SET
         location_id = EXCLUDED.location_id,
         given_name = EXCLUDED.given_name,
         family_name = EXCLUDED.family_name,
         email = EXCLUDED.email,
         phone = EXCLUDED.phone,
         preferred_channel = EXCLUDED.preferred_channel,
         recorded_at = EXCLUDED.recorded_at,
         updated_at = now()
       WHERE contact.recorded_at <= EXCLUDED.recorded_at`,
      [
        contact.clientId,
        contact.locationId,
        contact.givenName,
        contact.familyName,
        contact.email ?? null,
        contact.phone ?? null,
        contact.preferredChannel,
        contact.recordedAt,
      ],
    );
    await recordClearanceProviders(manager, contact);

    const waiting = await this.welcomes.awaitingContact(manager, contact.clientId);
    if (waiting.length === 0) return;
    const stored = await this.welcomes.contactOf(manager, contact.clientId);
    for (const welcome of waiting) await this.welcomes.settle(manager, welcome, stored);
  }
}
