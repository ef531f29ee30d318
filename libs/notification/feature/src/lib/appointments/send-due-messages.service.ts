import { NotificationFailed, NotificationSent, ReminderCancelled, type NotificationAboutV1, type NotificationFailureReason } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import {
  afterQuietHours,
  afterTransientFailure,
  appointmentMessageId,
  DEFAULT_NOTIFICATION_SETTINGS,
  isReminderKind,
  localStart,
  singleLine,
  staleReason,
  templateOf,
  type AppointmentMessageKind,
  type NotificationChannel,
  type RetryPolicy,
  waitsOutQuietHours,
} from '@massage/notification-domain';
import type { Language, RenderedMessage } from '@massage/notification-templates';
import { envString } from '@massage/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { composeEventMessage, type ComposedEventMessage, type EventMessageRow } from '../event-messages/event-message-composer';
import { MailSender } from '../mail-sender';
import { ChannelGate } from '../preferences/channel-gate';
import { SmsMessageSender } from '../sms/sms-message.sender';
import { messageLocation, type MessageLocation } from './message-location';
import { MESSAGE_RENDERER, type MessageRenderer } from './message-renderer';

/** How many messages one run sends at most before it yields (the job runs again at once when more are due). */
export const SEND_BATCH = 20;

/** Injection token of the retry policy of transient failures (`DEFAULT_RETRY_POLICY`; tests shorten it). */
export const MESSAGE_RETRY_POLICY = Symbol('MESSAGE_RETRY_POLICY');

/** What every due row has, whatever it is about. */
interface DueRowBase {
  id: string;
  location_id: string;
  channel: NotificationChannel;
  attempts: number;
  message_key: string;
  triggered_by_event_id: string;
  correlation_id: string | null;
}

/** An appointment's notice or reminder (ADR 0020): to its client, about the start it was planned for. */
interface AppointmentDueRow extends DueRowBase {
  appointment_id: string;
  client_id: string;
  kind: AppointmentMessageKind;
  starts_at: Date;
}

/** A message sent once per event (ADR 0024): no appointment; its subject's payload; no client for a manager's notice. */
interface EventDueRow extends DueRowBase, EventMessageRow {
  appointment_id: null;
}

type DueRow = AppointmentDueRow | EventDueRow;

interface Recipient {
  given_name: string;
  family_name: string;
  email: string | null;
  phone: string | null;
  language: Language;
}

/** The outcome of one message's attempt, decided before anything is written. */
type Attempt =
  | { outcome: 'sent'; smtpMessageId: string | null }
  | { outcome: 'failed'; reason: NotificationFailureReason | 'no-recipient'; smtpCode?: number }
  | { outcome: 'retry'; description: string };

/**
 * Sends the appointment messages that are due: one transaction per message, which locks its row
 * (`FOR UPDATE SKIP LOCKED`: replicas and concurrent runs each take different rows), checks in that transaction
 * that the message still applies (a cancellation or move that committed first wins), sends, and records the outcome
 * with its event in the outbox. A cancellation arriving meanwhile waits for this row's lock and then finds it `sent`.
 * Sent before the commit, as the welcome is: a crash in between sends it again, with the same Message-ID.
 */
@Injectable()
export class SendDueMessagesService {
  private readonly logger = new Logger(SendDueMessagesService.name);
  private readonly publicUrl = envString('NOTIFICATION_PUBLIC_URL', 'https://massage.example');

  constructor(
    private readonly dataSource: DataSource,
    private readonly mail: MailSender,
    private readonly outbox: OutboxWriter,
    @Inject(MESSAGE_RENDERER) private readonly renderer: MessageRenderer,
    @Inject(MESSAGE_RETRY_POLICY) private readonly retry: RetryPolicy,
    private readonly gate: ChannelGate,
    private readonly sms: SmsMessageSender,
  ) {}

  /** Sends what is due at `now`; resolves to the next due instant of what is still scheduled. */
  async runDue(now: Date): Promise<Date | undefined> {
    for (let i = 0; i < SEND_BATCH; i++) {
      if (!(await this.dataSource.transaction((m) => this.sendOne(m, now)))) return this.nextDue();
    }
    return now;
  }

  private async nextDue(): Promise<Date | undefined> {
    const [row] = (await this.dataSource.query(`SELECT min(due_at) AS next FROM scheduled_message WHERE status = 'scheduled'`)) as { next: Date | null }[];
    return row?.next ?? undefined;
  }

  /** Takes one due row nobody else holds; false when there is none. */
  private async sendOne(manager: EntityManager, now: Date): Promise<boolean> {
    const [row] = (await manager.query(
      `SELECT id, appointment_id, client_id, location_id, kind, channel, starts_at, attempts, message_key, triggered_by_event_id, correlation_id, payload
         FROM scheduled_message WHERE status = 'scheduled' AND due_at <= $1
        ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    )) as DueRow[];
    if (!row) return false;
    if (row.appointment_id === null) return this.sendEventMessage(manager, row, now);
    return this.sendAppointmentMessage(manager, row, now);
  }

  /** An appointment's notice or reminder: sent only while it still applies (`staleReason`), else cancelled. */
  private async sendAppointmentMessage(manager: EntityManager, row: AppointmentDueRow, now: Date): Promise<boolean> {
    const [appointment] = (await manager.query(`SELECT status, starts_at FROM appointment WHERE appointment_id = $1`, [row.appointment_id])) as {
      status: 'booked' | 'cancelled';
      starts_at: Date;
    }[];
    const stale = staleReason(row.kind, row.starts_at, appointment ? { status: appointment.status, startsAt: appointment.starts_at } : null, now);
    if (stale) {
      // A move or cancellation cancels the rows in its own transaction: this guards the rest (a start passed during an outage).
      await manager.query(`UPDATE scheduled_message SET status = 'cancelled', updated_at = now() WHERE id = $1`, [row.id]);
      if (isReminderKind(row.kind)) {
        await this.outbox.enqueue(
          manager,
          ReminderCancelled,
          { reminderId: row.id, appointmentId: row.appointment_id, clientId: row.client_id, locationId: row.location_id, kind: row.kind, channel: row.channel, reason: stale, cancelledAt: now.toISOString() },
          { correlationId: row.correlation_id ?? row.triggered_by_event_id, causationId: row.triggered_by_event_id },
        );
      }
      return true;
    }
    const location = await messageLocation(manager, row.location_id);
    const attempt = await this.attempt(manager, row, location);
    await this.record(manager, row, attempt, now, location.timeZone);
    return true;
  }

  /** An event message (after-care, an offer, a letter, a notice): composed from its row, sent and recorded the same way. */
  private async sendEventMessage(manager: EntityManager, row: EventDueRow, now: Date): Promise<boolean> {
    const location = await messageLocation(manager, row.location_id);
    const decision = await composeEventMessage(manager, row, location, now, this.publicUrl);
    if (decision.outcome === 'stale') {
      await manager.query(`UPDATE scheduled_message SET status = 'cancelled', updated_at = now() WHERE id = $1`, [row.id]);
      this.logger.log(`${row.kind} ${row.id} not sent: ${decision.description}`);
      return true;
    }
    const attempt = decision.outcome === 'compose' ? await this.attemptEventMessage(manager, row, decision) : decision;
    await this.record(manager, row, attempt, now, location.timeZone);
    return true;
  }

  /** To the client (after-care, an offer): their opt-outs, language and signed unsubscribe link, as for any message. */
  private async attemptEventMessage(manager: EntityManager, row: EventDueRow, message: ComposedEventMessage): Promise<Attempt> {
    const { client } = message;
    const gate = client ? await this.gate.check(manager, { id: row.id, client_id: client.clientId, channel: row.channel }, client) : undefined;
    if (gate?.blocked) return gate.blocked;
    const language = gate?.language ?? message.language;
    const data = gate ? { ...message.data, unsubscribeUrl: gate.unsubscribeUrl } : message.data;
    return this.deliver(row, message.to, () => this.renderer.render(message.template, language, data), gate?.unsubscribeUrl);
  }

  private async attempt(manager: EntityManager, row: AppointmentDueRow, location: MessageLocation): Promise<Attempt> {
    const [recipient] = (await manager.query(`SELECT given_name, family_name, email, phone, language FROM contact WHERE client_id = $1`, [row.client_id])) as Recipient[];
    // The contact travels on another topic and may lag the booking: wait for it, within the retries.
    if (!recipient) return { outcome: 'retry', description: 'contact not known yet' };
    // Opt-outs and addresses checked as it is sent (preferences/channel-gate.ts); the language chosen, the signed unsubscribe link.
    const gate = await this.gate.check(manager, row, recipient);
    if (gate.blocked) return gate.blocked;
    const { name: locationName, timeZone } = location;
    const render = (): RenderedMessage =>
      this.renderer.render(templateOf(row.kind), gate.language ?? recipient.language, {
        clientName: recipient.given_name,
        locationName,
        ...localStart({ startsAt: row.starts_at, timeZone }),
        timeZone,
        unsubscribeUrl: gate.unsubscribeUrl,
        manageUrl: `${this.publicUrl}/appointments/${row.appointment_id}`,
      });
    if (row.channel === 'sms') return this.sms.send(manager, row, recipient.phone, render);
    return this.deliver(row, { name: singleLine(`${recipient.given_name} ${recipient.family_name}`), address: recipient.email as string }, render, gate.unsubscribeUrl);
  }

  /** Renders and sends one message (with the client's unsubscribe link in its headers too): its outcome, decided before anything is written. */
  private async deliver(row: DueRow, to: { name: string; address: string }, render: () => RenderedMessage, unsubscribeUrl?: string): Promise<Attempt> {
    let rendered;
    try {
      rendered = render();
    } catch (error) {
      return { outcome: 'retry', description: `rendering failed: ${error instanceof Error ? error.name : 'error'}` };
    }
    try {
      const sent = await this.mail.send({
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: appointmentMessageId(row.message_key),
        unsubscribeUrl,
      });
      if (sent.status === 'rejected') return { outcome: 'failed', reason: sent.failure.reason, smtpCode: sent.failure.responseCode };
      return { outcome: 'sent', smtpMessageId: sent.messageId };
    } catch (error) {
      // MailNotSentError (4xx, connection trouble) carries codes only; anything else is retried the same way.
      return { outcome: 'retry', description: error instanceof Error ? error.message : 'send failed' };
    }
  }

  private async record(manager: EntityManager, row: DueRow, attempt: Attempt, now: Date, timeZone: string): Promise<void> {
    const attempts = row.attempts + 1;
    const meta = { correlationId: row.correlation_id ?? row.triggered_by_event_id, causationId: row.triggered_by_event_id };
    const about = publishedAbout(row);
    if (attempt.outcome === 'sent') {
      await manager.query(`UPDATE scheduled_message SET status = 'sent', attempts = $2, smtp_message_id = $3, sent_at = $4, updated_at = now() WHERE id = $1`, [
        row.id,
        attempts,
        attempt.smtpMessageId,
        now,
      ]);
      if (about) await this.outbox.enqueue(manager, NotificationSent, { ...about, sentAt: now.toISOString() }, meta);
      return;
    }
    if (attempt.outcome === 'retry') {
      const next = afterTransientFailure(attempts, now, this.retry);
      if (next !== 'give-up') {
        // A reminder's or after-care's retry waits out quiet hours too (a notice answers the client's own action: it goes at once).
        const retryAt = waitsOutQuietHours(row.kind) ? afterQuietHours(next.retryAt, timeZone, DEFAULT_NOTIFICATION_SETTINGS.quietHours) : next.retryAt;
        await manager.query(`UPDATE scheduled_message SET attempts = $2, due_at = $3, updated_at = now() WHERE id = $1`, [row.id, attempts, retryAt]);
        this.logger.warn(`${row.kind} ${row.id}: attempt ${attempts} failed (${attempt.description}); next at ${retryAt.toISOString()}`);
        return;
      }
    }
    const failure: { reason: NotificationFailureReason | 'no-recipient'; smtpCode?: number } = attempt.outcome === 'failed' ? attempt : { reason: 'retries-exhausted' };
    const { reason, smtpCode } = failure;
    await manager.query(
      `UPDATE scheduled_message SET status = 'failed', attempts = $2, failure_reason = $3, failure_smtp_code = $4, updated_at = now() WHERE id = $1`,
      [row.id, attempts, reason, smtpCode ?? null],
    );
    this.logger.warn(`${row.kind} ${row.id} failed for good: ${reason}${smtpCode ? ` (SMTP ${smtpCode})` : ''}`);
    if (about && reason !== 'no-recipient') {
      await this.outbox.enqueue(manager, NotificationFailed, { ...about, reason, ...(smtpCode ? { smtpCode } : {}), attempts, failedAt: now.toISOString() }, meta);
    }
  }
}

/**
 * What NotificationSent and NotificationFailed say of a row; none for a manager's licence notice, which is about no
 * client: recorded on its row, not published (the events are the client's, keyed by client).
 */
function publishedAbout(row: DueRow): NotificationAboutV1 | undefined {
  const common = { notificationId: row.id, locationId: row.location_id, channel: row.channel, triggeredBy: row.triggered_by_event_id };
  if (row.appointment_id !== null) return { ...common, clientId: row.client_id, kind: templateOf(row.kind), appointmentId: row.appointment_id };
  if (row.kind === 'licence-expiring' || row.client_id === null) return undefined;
  return { ...common, clientId: row.client_id, kind: row.kind };
}
