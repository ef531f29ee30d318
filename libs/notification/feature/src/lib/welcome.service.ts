import { NotificationSent, type NotificationSentV1 } from '@massage/contracts';
import { OutboxWriter, type EventEnvelope } from '@massage/messaging';
import {
  composeWelcomeMessage,
  decideWelcome,
  describePermanentSmtpFailure,
  SKIP_REASONS,
  welcomeMessageId,
  welcomeSmsMessageKey,
  type ComposedMessage,
  type DeliverOnChannel,
  type SkipDelivery,
} from '@massage/notification-domain';
import { isRecipientOptedOut } from '@massage/notification-sms';
import type { Language } from '@massage/notification-templates';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ContactEntity } from './contact.entity';
import { DeliveryEntity } from './delivery.entity';
import { MailSender } from './mail-sender';
import { readPreferences, setChannelOptOut } from './preferences/client-preferences.store';
import { linkSecretFromEnv, unsubscribeUrl } from './preferences/unsubscribe-link';
import { SmsMessageSender } from './sms/sms-message.sender';

/**
 * Namespace of notification's per-client advisory locks (the two-int4 form, whose key space does not
 * overlap the single-int8 one the outbox relay uses).
 */
export const CLIENT_LOCK_NAMESPACE = 0x4e54_0001;

/** The completed intake that first welcomes a client. */
export interface WelcomeTrigger {
  clientId: string;
  locationId: string;
  /** The IntakeCompleted envelope (v1 or v2): its id is the trigger (and causation), its correlation id the chain. */
  envelope: Pick<EventEnvelope<unknown>, 'id' | 'correlationId'>;
}

/** Thrown when a welcome was expected to be waiting and is not: something settled it concurrently. */
export class WelcomeNoLongerAwaitingError extends Error {
  constructor(deliveryId: string) {
    super(`welcome ${deliveryId} is no longer awaiting the contact`);
    this.name = 'WelcomeNoLongerAwaitingError';
  }
}

/** The SMS provider could not take the welcome now (5xx, 429, network, timeout): the event is retried. Codes only, no number. */
export class WelcomeSmsNotSentError extends Error {
  constructor(reason: string) {
    super(`welcome SMS not sent (${reason}); retried with the event`);
    this.name = 'WelcomeSmsNotSentError';
  }
}

/** How a welcome's one attempt ended, before it is recorded. */
type WelcomeOutcome =
  | { status: 'sent'; smtpMessageId: string | null }
  | { status: 'failed'; failureReason: NonNullable<DeliveryEntity['failureReason']>; failureSmtpCode: number | null; log: string }
  | { status: 'skipped'; skipReason: string };

/**
 * The welcome's lifecycle in the database: recorded once per client (`client_welcome`; and once per event, the
 * unique trigger), then
 * settled (sent by e-mail or SMS, skipped, or failed when the SMTP server or the SMS provider refuses it for good) as soon as the client's
 * contact details are known, by whichever of the two events arrives last. What to do is the domain's
 * `decideWelcome`; this class carries it out, always in the caller's inbox transaction (`ctx.manager`).
 */
@Injectable()
export class WelcomeService {
  private readonly logger = new Logger(WelcomeService.name);
  private readonly linkSecret = linkSecretFromEnv();

  constructor(
    private readonly mail: MailSender,
    private readonly sms: SmsMessageSender,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Serialises the two paths of one client until the caller's transaction ends. Without it, an
   * IntakeCompleted and a ClientContactRecorded handled at the same time (different topics, so
   * different partitions and workers) could each miss the other's uncommitted row, and the welcome
   * would wait forever.
   */
  async lockClient(manager: EntityManager, clientId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1::int4, hashtext($2::text))', [CLIENT_LOCK_NAMESPACE, clientId]);
  }

  /**
   * Records the client's welcome as awaiting the contact, and the client as welcomed (`client_welcome`), in the
   * caller's transaction; undefined when the client was already welcomed (by an earlier intake, or by the
   * other version of this one) or this event already recorded its welcome. Once per client, ever (ADR 0011).
   */
  async record(manager: EntityManager, trigger: WelcomeTrigger): Promise<DeliveryEntity | undefined> {
    const id = randomUUID();
    const claimed = (await manager.query(
      `INSERT INTO client_welcome (client_id, delivery_id) VALUES ($1, $2) ON CONFLICT (client_id) DO NOTHING RETURNING client_id`,
      [trigger.clientId, id],
    )) as unknown[];
    if (claimed.length === 0) return undefined;
    const inserted = (await manager.query(
      `INSERT INTO delivery (id, client_id, location_id, kind, channel, status, triggered_by_event_id, correlation_id)
       VALUES ($1, $2, $3, 'welcome', NULL, 'awaiting-contact', $4, $5)
       ON CONFLICT ON CONSTRAINT delivery_trigger_kind_key DO NOTHING
       RETURNING id`,
      [id, trigger.clientId, trigger.locationId, trigger.envelope.id, trigger.envelope.correlationId],
    )) as unknown[];
    if (inserted.length === 0) {
      // This event's welcome exists already (for a client welcomed before `client_welcome` knew it): keep that one.
      await manager.query(`DELETE FROM client_welcome WHERE client_id = $1 AND delivery_id = $2`, [trigger.clientId, id]);
      return undefined;
    }
    return manager.findOneByOrFail(DeliveryEntity, { id });
  }

  /** The client's welcome if it still waits for the contact (only the one `client_welcome` names is ever settled). */
  awaitingContact(manager: EntityManager, clientId: string): Promise<DeliveryEntity[]> {
    return manager
      .createQueryBuilder(DeliveryEntity, 'd')
      .innerJoin('client_welcome', 'w', 'w.delivery_id = d.id')
      .where('d.client_id = :clientId AND d.kind = :kind AND d.status = :status', { clientId, kind: 'welcome', status: 'awaiting-contact' })
      .getMany();
  }

  /** The contact as stored (the projection, not an event: an out-of-date event does not overwrite it). */
  contactOf(manager: EntityManager, clientId: string): Promise<ContactEntity | null> {
    return manager.findOneBy(ContactEntity, { clientId });
  }

  /**
   * Sends, skips, or leaves waiting a welcome recorded as awaiting the contact, as `decideWelcome` says: one channel,
   * chosen as for every message to the client (preference, the other channel as fallback, opt-outs, addresses).
   * Throws `MailNotSentError` or `WelcomeSmsNotSentError` when sending may succeed later (the caller's transaction
   * rolls back and the event is retried); a permanent refusal is an outcome, recorded as `failed`, not an error.
   */
  async settle(manager: EntityManager, welcome: DeliveryEntity, contact: ContactEntity | null): Promise<void> {
    const preferences = await readPreferences(manager, welcome.clientId);
    const decision = decideWelcome(contact, preferences);
    if (decision.decision === 'await-contact' || !contact) {
      this.logger.log(`welcome for client ${welcome.clientId} (${welcome.triggeredByEventId}) waits for the contact details`);
      return;
    }
    if (decision.decision === 'skip') return this.skip(manager, welcome, decision);
    const message = composeWelcomeMessage({
      givenName: contact.givenName,
      locationId: welcome.locationId,
      language: preferences.language ?? (await this.languageOf(manager, welcome.clientId)),
      unsubscribeUrl: unsubscribeUrl(this.linkSecret, welcome.clientId, 'email'),
    });
    return this.send(manager, welcome, decision, message);
  }

  private async skip(manager: EntityManager, welcome: DeliveryEntity, choice: SkipDelivery): Promise<void> {
    await this.update(manager, welcome, { channel: choice.channel, status: 'skipped', skipReason: choice.reason });
    this.logger.log(`welcome for client ${welcome.clientId} skipped: ${choice.reason}`);
  }

  private async send(manager: EntityManager, welcome: DeliveryEntity, choice: DeliverOnChannel, message: ComposedMessage): Promise<void> {
    // Sent BEFORE the transaction commits, on purpose: committing first and sending afterwards could
    // lose the message for good, whereas sending first can at worst repeat it, when the process dies
    // (or the commit fails) after the server accepted the message. Then the event is redelivered and
    // the repeat carries the SAME id (derived from the triggering event id, whichever event completes
    // the welcome): the same Message-ID, so mail clients and support recognise it as a repeat; the same
    // SMS messageId, which the provider drops as a duplicate (ADR 0021). The price: the inbox
    // transaction (and the client's lock) stays open while the server answers (bounded by timeouts).
    //
    // A permanent refusal (e.g. 550, no such mailbox; a number the provider rejects) is an outcome, not
    // an error: the welcome is recorded `failed` and this transaction commits, so the event is not retried
    // or dead-lettered, and whatever else it carries (the contact upsert of ClientContactRecorded) stays.
    // No NotificationSent for it, and no NotificationFailed (the welcome has never published one).
    const outcome = choice.channel === 'sms' ? await this.sendSms(manager, welcome, choice.address, message.sms) : await this.sendEmail(welcome, choice, message);
    if (outcome.status === 'skipped') return this.skip(manager, welcome, { decision: 'skip', channel: 'sms', reason: outcome.skipReason });
    if (outcome.status === 'failed') {
      await this.update(manager, welcome, { channel: choice.channel, status: 'failed', failureReason: outcome.failureReason, failureSmtpCode: outcome.failureSmtpCode });
      this.logger.warn(`welcome for client ${welcome.clientId} (${welcome.triggeredByEventId}) failed: ${outcome.log}`);
      return;
    }
    const sentAt = new Date();
    await this.update(manager, welcome, { channel: choice.channel, status: 'sent', smtpMessageId: outcome.smtpMessageId, sentAt });
    const event: NotificationSentV1 = {
      notificationId: welcome.id,
      clientId: welcome.clientId,
      locationId: welcome.locationId,
      kind: welcome.kind,
      channel: choice.channel,
      triggeredBy: welcome.triggeredByEventId,
      sentAt: sentAt.toISOString(),
    };
    // Caused by the IntakeCompleted, in its chain, even when the contact event completed the welcome.
    await this.outbox.enqueue(manager, NotificationSent, event, {
      correlationId: welcome.correlationId ?? welcome.triggeredByEventId,
      causationId: welcome.triggeredByEventId,
    });
  }

  private async sendEmail(welcome: DeliveryEntity, choice: DeliverOnChannel, message: ComposedMessage): Promise<WelcomeOutcome> {
    const sent = await this.mail.send({
      to: { name: choice.recipientName, address: choice.address },
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: welcomeMessageId(welcome.triggeredByEventId),
      unsubscribeUrl: unsubscribeUrl(this.linkSecret, welcome.clientId, 'email'),
    });
    if (sent.status === 'rejected') {
      return { status: 'failed', failureReason: sent.failure.reason, failureSmtpCode: sent.failure.responseCode, log: describePermanentSmtpFailure(sent.failure) };
    }
    return { status: 'sent', smtpMessageId: sent.messageId };
  }

  /**
   * Through the provider, with the idempotency key of the welcome's message key. A number the provider refuses as
   * blocklisted or DND is the client's STOP: the SMS opt-out is recorded and the welcome skipped as opted out.
   */
  private async sendSms(manager: EntityManager, welcome: DeliveryEntity, phone: string, text: string): Promise<WelcomeOutcome> {
    const outcome = await this.sms.sendText(welcomeSmsMessageKey(welcome.triggeredByEventId), phone, text);
    if (outcome === 'no-number') return { status: 'skipped', skipReason: SKIP_REASONS['no-channel'] };
    if (outcome.kind === 'accepted') return { status: 'sent', smtpMessageId: null };
    if (outcome.kind === 'transient') throw new WelcomeSmsNotSentError(outcome.reason);
    if (isRecipientOptedOut(outcome)) {
      await setChannelOptOut(manager, welcome.clientId, 'sms', { at: new Date(), via: 'stop-reply' });
      return { status: 'skipped', skipReason: SKIP_REASONS['opted-out'] };
    }
    return {
      status: 'failed',
      failureReason: outcome.reason === 'rejected' ? 'recipient-rejected' : 'message-rejected',
      failureSmtpCode: null,
      log: `SMS refused for good: ${outcome.reason} ${outcome.code}`,
    };
  }

  /** The client's language for templates (the contact's; 'en' until intake publishes a preference). */
  private async languageOf(manager: EntityManager, clientId: string): Promise<Language> {
    const [row] = (await manager.query(`SELECT language FROM contact WHERE client_id = $1`, [clientId])) as { language: Language }[];
    return row?.language ?? 'en';
  }

  private async update(
    manager: EntityManager,
    welcome: DeliveryEntity,
    outcome: Pick<DeliveryEntity, 'channel' | 'status'> &
      Partial<Pick<DeliveryEntity, 'skipReason' | 'smtpMessageId' | 'sentAt' | 'failureReason' | 'failureSmtpCode'>>,
  ): Promise<void> {
    const result = await manager.update(DeliveryEntity, { id: welcome.id, status: 'awaiting-contact' }, outcome);
    if (result.affected !== 1) throw new WelcomeNoLongerAwaitingError(welcome.id);
  }
}
