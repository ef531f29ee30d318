import {
  ReminderCancelled,
  ReminderScheduled,
  type AppointmentBookedV1,
  type AppointmentCancelledV1,
  type AppointmentRescheduledV1,
  type ReminderCancellationReason,
} from '@massage/contracts';
import { OutboxWriter, type EventEnvelope } from '@massage/messaging';
import {
  appointmentMessageKey,
  isReminderKind,
  noticeIsFresh,
  planReminders,
  settingsForClient,
  type AppointmentMessageKind,
  type NoticeKind,
  type NotificationChannel,
  type ScheduledKind,
} from '@massage/notification-domain';
import { CLOCK, type Clock } from '@massage/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { readMessageSettings } from '../message-settings/location-message-settings.store';
import { channelsForClient } from '../preferences/message-channels.reader';
import { knownTimeZone, noteDueAt } from './scheduled-message.due';

export { DUE_AT_KEY } from './scheduled-message.due';

/** Reminder kinds: the rows a reschedule re-plans and a cancellation reports. */
const REMINDER_KINDS_SQL = `(kind LIKE 'reminder-%' OR kind = 'pre-visit-check')`;

interface AppointmentRow {
  appointment_id: string;
  client_id: string;
  location_id: string;
  starts_at: Date;
  status: 'booked' | 'cancelled';
  as_of: Date;
}

type Trigger = Pick<EventEnvelope<unknown>, 'id' | 'correlationId'>;

/**
 * Applies scheduling's appointment events to notification's projection and the appointment's messages, in the
 * caller's inbox transaction: the notices (due at once) and the reminders (due before the start, in the location's
 * zone). Out of order safe: a cancellation is final, a reschedule older than what is held changes nothing, a
 * booking of an appointment already known (a later event came first) changes nothing. Nothing is planned for an
 * appointment whose start has passed (a new consumer group reads the topic's history).
 */
@Injectable()
export class AppointmentMessagesService {
  private readonly logger = new Logger(AppointmentMessagesService.name);

  constructor(
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async booked(manager: EntityManager, e: AppointmentBookedV1, trigger: Trigger): Promise<void> {
    const inserted = (await manager.query(
      `INSERT INTO appointment (appointment_id, client_id, location_id, starts_at, status, as_of, last_event_id)
       VALUES ($1, $2, $3, $4, 'booked', $5, $6) ON CONFLICT (appointment_id) DO NOTHING RETURNING appointment_id`,
      [e.appointmentId, e.clientId, e.locationId, e.startsAt, e.bookedAt, trigger.id],
    )) as unknown[];
    if (inserted.length === 0) {
      this.logger.log(`appointment ${e.appointmentId} already known: its booking changes nothing`);
      return;
    }
    const appointment = await this.lock(manager, e.appointmentId);
    if (!appointment || !this.ahead(appointment)) return;
    if (this.fresh(e.bookedAt, e.appointmentId)) await this.notice(manager, appointment, 'booking-confirmed', trigger);
    await this.plan(manager, appointment, trigger);
  }

  async rescheduled(manager: EntityManager, e: AppointmentRescheduledV1, trigger: Trigger): Promise<void> {
    const held = await this.lock(manager, e.appointmentId);
    if (held && (held.status === 'cancelled' || held.as_of.getTime() >= Date.parse(e.rescheduledAt))) {
      this.logger.log(`appointment ${e.appointmentId}: reschedule of ${e.rescheduledAt} is older than the state held (${held.status}); ignored`);
      return;
    }
    if (held) {
      await manager.query(`UPDATE appointment SET starts_at = $2, location_id = $3, as_of = $4, last_event_id = $5, updated_at = now() WHERE appointment_id = $1`, [
        e.appointmentId,
        e.startsAt,
        e.locationId,
        e.rescheduledAt,
        trigger.id,
      ]);
    } else {
      // Its booking has not arrived (or never will): the reschedule says all we need, and the booking, older, will change nothing.
      await manager.query(
        `INSERT INTO appointment (appointment_id, client_id, location_id, starts_at, status, as_of, last_event_id) VALUES ($1, $2, $3, $4, 'booked', $5, $6)`,
        [e.appointmentId, e.clientId, e.locationId, e.startsAt, e.rescheduledAt, trigger.id],
      );
    }
    const appointment = (await this.lock(manager, e.appointmentId)) as AppointmentRow;
    if (!this.ahead(appointment)) {
      await this.cancelPending(manager, appointment, 'appointment-moved', `AND ${REMINDER_KINDS_SQL}`);
      return;
    }
    if (this.fresh(e.rescheduledAt, e.appointmentId)) await this.notice(manager, appointment, 'booking-rescheduled', trigger);
    await this.plan(manager, appointment, trigger);
  }

  async cancelled(manager: EntityManager, e: AppointmentCancelledV1, trigger: Trigger): Promise<void> {
    const held = await this.lock(manager, e.appointmentId);
    if (!held) {
      // A tombstone: the booking (or a reschedule), should it arrive later, must not bring the appointment back.
      await manager.query(
        `INSERT INTO appointment (appointment_id, client_id, location_id, starts_at, status, as_of, last_event_id) VALUES ($1, $2, $3, $4, 'cancelled', $5, $6)`,
        [e.appointmentId, e.clientId, e.locationId, e.startsAt, e.cancelledAt, trigger.id],
      );
      return;
    }
    if (held.status === 'cancelled') return;
    await manager.query(`UPDATE appointment SET status = 'cancelled', as_of = greatest(as_of, $2), last_event_id = $3, updated_at = now() WHERE appointment_id = $1`, [
      e.appointmentId,
      e.cancelledAt,
      trigger.id,
    ]);
    // Waits for a row the worker is sending (its lock): that one ends `sent`, before this cancellation commits.
    await this.cancelPending(manager, held, 'appointment-cancelled', '');
    if (this.ahead(held) && this.fresh(e.cancelledAt, e.appointmentId)) await this.notice(manager, { ...held, status: 'cancelled' }, 'booking-cancelled', trigger);
  }

  private async lock(manager: EntityManager, appointmentId: string): Promise<AppointmentRow | undefined> {
    const rows = (await manager.query(`SELECT appointment_id, client_id, location_id, starts_at, status, as_of FROM appointment WHERE appointment_id = $1 FOR UPDATE`, [
      appointmentId,
    ])) as AppointmentRow[];
    return rows[0];
  }

  /** A notice about an old change (a history read from the topic's start) is not news: reminders only (NOTICE_FRESHNESS_MS). */
  private fresh(changedAt: string, appointmentId: string): boolean {
    if (noticeIsFresh(new Date(changedAt), this.clock.now())) return true;
    this.logger.log(`appointment ${appointmentId}: the change of ${changedAt} is older than a day; no notice, reminders only`);
    return false;
  }

  private ahead(appointment: AppointmentRow): boolean {
    return appointment.starts_at.getTime() > this.clock.now().getTime();
  }

  /** A notice due now: a second one of the same kind (a second reschedule) replaces it, under a new key. */
  private async notice(manager: EntityManager, appointment: AppointmentRow, kind: NoticeKind, trigger: Trigger): Promise<void> {
    const now = this.clock.now();
    // Every channel the client can be reached on (README "Channels"), one row each.
    const { channels } = await channelsForClient(manager, appointment.client_id, 'notice');
    for (const channel of channels) await this.upsert(manager, appointment, kind, channel, now, trigger, 'always');
  }

  /**
   * Re-plans the appointment's reminders for its start as it now stands: each planned one scheduled (or moved, or
   * re-armed when it was sent for an earlier start), each that no longer fits cancelled.
   */
  private async plan(manager: EntityManager, appointment: AppointmentRow, trigger: Trigger): Promise<void> {
    const timeZone = await knownTimeZone(manager, appointment.location_id, 'plan its reminders');
    // The preferred channel (or the other), and no quiet hours for a client who chose so.
    const client = await channelsForClient(manager, appointment.client_id, 'reminder');
    // The location's settings as they stand now: a later change does not re-plan this (ADR 0020 addendum).
    const { settings } = await readMessageSettings(manager, appointment.location_id);
    const plan = planReminders({ startsAt: appointment.starts_at, timeZone }, this.clock.now(), settingsForClient(settings, client));
    for (const channel of client.channels) {
      for (const m of plan.scheduled) await this.scheduled(manager, appointment, m, channel, trigger);
    }
    const kept = plan.scheduled.map((m) => m.kind);
    await this.cancelPending(manager, appointment, 'appointment-moved', `AND ${REMINDER_KINDS_SQL} AND NOT (kind = ANY($2))`, [kept]);
  }

  /** Writes one planned reminder on one channel and publishes ReminderScheduled, unless the rule left its row alone. */
  private async scheduled(manager: EntityManager, appointment: AppointmentRow, m: { kind: ScheduledKind; dueAt: Date }, channel: NotificationChannel, trigger: Trigger): Promise<void> {
    const id = await this.upsert(manager, appointment, m.kind, channel, m.dueAt, trigger, 'unless-settled-for-this-start');
    if (id) {
      await this.outbox.enqueue(
        manager,
        ReminderScheduled,
        {
          reminderId: id,
          appointmentId: appointment.appointment_id,
          clientId: appointment.client_id,
          locationId: appointment.location_id,
          kind: m.kind,
          channel,
          dueAt: m.dueAt.toISOString(),
          startsAt: appointment.starts_at.toISOString(),
          scheduledAt: this.clock.now().toISOString(),
        },
        { correlationId: trigger.correlationId, causationId: trigger.id },
      );
    }
  }

  /** Writes one message row; resolves to its id when written, undefined when the rule left it alone. */
  private async upsert(
    manager: EntityManager,
    appointment: AppointmentRow,
    kind: AppointmentMessageKind,
    channel: NotificationChannel,
    dueAt: Date,
    trigger: Trigger,
    rearm: 'always' | 'unless-settled-for-this-start',
  ): Promise<string | undefined> {
    const messageKey = appointmentMessageKey({ appointmentId: appointment.appointment_id, kind, channel, startsAt: appointment.starts_at, eventId: trigger.id });
    // A reminder already sent (or failed for good) for this very start stays as it is; for another start it is a new reminder.
    const unlessSettled = rearm === 'always' ? '' : `WHERE NOT (scheduled_message.status IN ('sent', 'failed') AND scheduled_message.starts_at = EXCLUDED.starts_at)`;
    const rows = (await manager.query(
      `INSERT INTO scheduled_message (id, appointment_id, client_id, location_id, kind, channel, starts_at, due_at, status, message_key, triggered_by_event_id, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'scheduled', $9, $10, $11)
       ON CONFLICT ON CONSTRAINT scheduled_message_appointment_kind_channel_key DO UPDATE SET
         starts_at = EXCLUDED.starts_at, due_at = EXCLUDED.due_at, status = 'scheduled', attempts = 0, message_key = EXCLUDED.message_key,
         triggered_by_event_id = EXCLUDED.triggered_by_event_id, correlation_id = EXCLUDED.correlation_id,
         smtp_message_id = NULL, failure_reason = NULL, failure_smtp_code = NULL, sent_at = NULL, updated_at = now(),
         provider_message_id = NULL, delivery_status = NULL, delivery_final = false, delivery_updated_at = NULL, failure_detail = NULL
       ${unlessSettled}
       RETURNING id`,
      [randomUUID(), appointment.appointment_id, appointment.client_id, appointment.location_id, kind, channel, appointment.starts_at, dueAt, messageKey, trigger.id, trigger.correlationId],
    )) as { id: string }[];
    if (rows.length === 0) return undefined;
    noteDueAt(manager, dueAt);
    return rows[0].id;
  }

  /** Cancels what is still scheduled of the appointment (narrowed by `where`), publishing ReminderCancelled for reminders. */
  private async cancelPending(manager: EntityManager, appointment: AppointmentRow, reason: ReminderCancellationReason, where: string, params: unknown[] = []): Promise<void> {
    const [rows] = (await manager.query(
      `UPDATE scheduled_message SET status = 'cancelled', updated_at = now() WHERE appointment_id = $1 AND status = 'scheduled' ${where} RETURNING id, kind, channel`,
      [appointment.appointment_id, ...params],
    )) as [{ id: string; kind: string; channel: NotificationChannel }[], number];
    for (const row of rows) {
      if (!isReminderKind(row.kind)) continue;
      await this.outbox.enqueue(
        manager,
        ReminderCancelled,
        {
          reminderId: row.id,
          appointmentId: appointment.appointment_id,
          clientId: appointment.client_id,
          locationId: appointment.location_id,
          kind: row.kind,
          channel: row.channel,
          reason,
          cancelledAt: this.clock.now().toISOString(),
        },
        {},
      );
    }
  }
}
