import { channelUnavailable, type NotificationChannel } from '@massage/notification-domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { readPreferences } from './client-preferences.store';
import { linkSecretFromEnv, unsubscribeUrl } from './unsubscribe-link';

/** A message the channel cannot carry: failed as `unreachable` (the contract's reason), the row saying why. */
export interface BlockedMessage {
  outcome: 'failed';
  reason: 'unreachable';
}

export type GateDecision = { blocked: BlockedMessage } | { blocked?: undefined; language: 'en' | 'fr' | null; unsubscribeUrl: string };

/**
 * The worker's check, in the message's transaction, just before it sends: a channel opted out of since the message
 * was planned, or without an address, fails the message (never sent) and records why in `failure_detail`
 * (`opted-out`, `no-channel`); otherwise the client's language override and the signed unsubscribe link of the
 * channel (every e-mail carries one; templates take `unsubscribeUrl`).
 */
@Injectable()
export class ChannelGate {
  private readonly secret = linkSecretFromEnv();

  async check(
    manager: EntityManager,
    row: { id: string; client_id: string; channel: NotificationChannel },
    contact: { email: string | null; phone?: string | null },
  ): Promise<GateDecision> {
    const preferences = await readPreferences(manager, row.client_id);
    const why = channelUnavailable(contact, preferences, row.channel);
    if (why) {
      await manager.query(`UPDATE scheduled_message SET failure_detail = $2 WHERE id = $1`, [row.id, why]);
      return { blocked: { outcome: 'failed', reason: 'unreachable' } };
    }
    return { language: preferences.language, unsubscribeUrl: unsubscribeUrl(this.secret, row.client_id, 'email') };
  }
}
