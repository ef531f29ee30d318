import type { NotificationFailureReason } from '@massage/contracts';
import { isRecipientOptedOut, parseE164, smsMessageId, SmsSender, type SmsConfig, type SmsSendOutcome } from '@massage/notification-sms';
import { CLOCK, type Clock } from '@massage/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { setChannelOptOut } from '../preferences/client-preferences.store';
import { SMS_CONFIG } from './sms-channel.config';

/** Lock namespace of SMS provider message ids (ADR 0021), the first key of `pg_advisory_xact_lock`. */
const PROVIDER_MESSAGE_LOCK = 21;

/** Serialises the send of one provider message id with the webhooks that name it, until the caller's transaction ends. */
export async function lockProviderMessage(manager: EntityManager, providerMessageId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PROVIDER_MESSAGE_LOCK, providerMessageId]);
}

/** One SMS attempt's outcome, in the worker's terms (the row's extra columns are written here). */
export type SmsAttempt =
  | { outcome: 'sent'; smtpMessageId: null }
  | { outcome: 'failed'; reason: NotificationFailureReason }
  | { outcome: 'retry'; description: string };

/**
 * Sends one SMS row through the provider (ADR 0021), in the row's transaction: the provider's idempotency key is
 * derived from the row's message key, so a retry after a crash or a second worker is the same message to Infobip.
 * Accepted: `sent` with the provider's id and status (the delivery report brings the final one). Transient: the
 * worker's backoff. Permanent: failed with the provider's code in `failure_detail`; a blocklisted or DND number is
 * the client's STOP: failed `opted-out`, and the SMS opt-out recorded.
 */
@Injectable()
export class SmsMessageSender {
  private readonly logger = new Logger(SmsMessageSender.name);
  private readonly sender: SmsSender;

  constructor(@Inject(SMS_CONFIG) config: SmsConfig, @Inject(CLOCK) private readonly clock: Clock) {
    this.sender = new SmsSender({ config, clock });
  }

  async send(
    manager: EntityManager,
    row: { id: string; client_id: string; message_key: string },
    phone: string | null | undefined,
    render: () => { sms: string },
  ): Promise<SmsAttempt> {
    const to = parseE164(phone ?? '');
    if (!to) return this.failed(manager, row.id, 'unreachable', 'no-channel');
    let text: string;
    try {
      text = render().sms;
    } catch (error) {
      return { outcome: 'retry', description: `rendering failed: ${error instanceof Error ? error.name : 'error'}` };
    }
    const messageId = smsMessageId(row.message_key);
    // Held until this transaction ends: a delivery report for this id, which may come before the commit, waits for it.
    await lockProviderMessage(manager, messageId);
    const outcome = await this.sender.send({ messageId, to, text });
    if (outcome.kind === 'accepted') {
      await manager.query(`UPDATE scheduled_message SET provider_message_id = $2, delivery_status = $3, delivery_updated_at = $4 WHERE id = $1`, [
        row.id,
        messageId,
        outcome.status.name,
        this.clock.now(),
      ]);
      return { outcome: 'sent', smtpMessageId: null };
    }
    if (outcome.kind === 'transient') return { outcome: 'retry', description: `SMS ${outcome.reason}: ${outcome.detail}` };
    if (isRecipientOptedOut(outcome)) {
      await setChannelOptOut(manager, row.client_id, 'sms', { at: this.clock.now(), via: 'stop-reply' });
      return this.failed(manager, row.id, 'unreachable', 'opted-out');
    }
    this.logger.warn(`SMS ${row.id} refused for good: ${outcome.reason} ${outcome.code}`);
    return this.failed(manager, row.id, outcome.reason === 'rejected' ? 'recipient-rejected' : 'message-rejected', outcome.code);
  }

  /**
   * Sends one text under its message key's idempotency id, recording nothing: for a message kept outside
   * `scheduled_message` (the welcome, on its delivery row). A phone that is not E.164: `no-number`, nothing sent.
   */
  async sendText(messageKey: string, phone: string, text: string): Promise<SmsSendOutcome | 'no-number'> {
    const to = parseE164(phone);
    if (!to) return 'no-number';
    return this.sender.send({ messageId: smsMessageId(messageKey), to, text });
  }

  private async failed(manager: EntityManager, id: string, reason: NotificationFailureReason, detail: string): Promise<SmsAttempt> {
    await manager.query(`UPDATE scheduled_message SET failure_detail = $2 WHERE id = $1`, [id, detail.slice(0, 64).replace(/[^A-Za-z0-9_.-]/g, '_')]);
    return { outcome: 'failed', reason };
  }
}
