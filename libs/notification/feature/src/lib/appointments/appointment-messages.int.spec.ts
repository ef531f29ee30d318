import {
  AppointmentBooked,
  AppointmentCancelled,
  AppointmentRescheduled,
  NotificationSent,
  ReminderCancelled,
  type AppointmentBookedV1,
  type AppointmentCancelledV1,
  type AppointmentRescheduledV1,
  type EventDefinition,
} from '@massage/contracts';
import { OutboxWriter, toKafkaMessage, type EventEnvelope } from '@massage/messaging';
import { appointmentMessageId, planReminders } from '@massage/notification-domain';
import { ManualClock } from '@massage/platform';
import { generateAssertionKeyPair } from '@massage/platform-security';
import { readMailbox, waitFor, type TestTopic } from '@massage/testing';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { startNotificationTestApp, type NotificationTestApp } from '../testing/notification-test-app';
import { startNotificationTestEnv, type NotificationTestEnv } from '../testing/notification-test-env';
import { type RefusingSmtpServer } from '../testing/refusing-smtp-server';
import { AppointmentMessagesService } from './appointment-messages.service';
import { SendDueMessagesService } from './send-due-messages.service';
import type { ScheduledMessageJob } from './scheduled-message.job';
import { appointmentBooked } from '../testing/appointment-booked.fixture';

process.env['KAFKA_BROKERS'] ||= '127.0.0.1:9092';
process.env['PGHOST'] ||= '127.0.0.1';
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface MessageRow {
  kind: string;
  status: string;
  due_at: Date;
  starts_at: Date;
  attempts: number;
  message_key: string;
  failure_reason: string | null;
  failure_smtp_code: number | null;
}

/**
 * Appointment notices and reminders against real PostgreSQL, SMTP (a refusing server relaying to the mail catcher)
 * and, for the inbox path, Kafka. Time is a ManualClock: the worker runs when the test moves it, never by sleeping.
 * Most cases apply the events through the service in a transaction of their own (what the inbox handler does);
 * the last ones go through the consumer.
 */
describe('appointment messages (PostgreSQL, SMTP, Kafka)', () => {
  const clock = new ManualClock('2026-02-02T12:00:00.000Z');
  let env: NotificationTestEnv;
  let test: NotificationTestApp;
  let mailboxDir: string;
  let smtp: RefusingSmtpServer;
  let app: INestApplication;
  let dataSource: DataSource;
  let messages: AppointmentMessagesService;
  let job: ScheduledMessageJob;
  let appointmentsTopic: TestTopic;
  let producer: Producer;

  beforeAll(async () => {
    env = await startNotificationTestEnv('notif_appointments', generateAssertionKeyPair('notification-appointments-spec').publicKeysJson);
    ({ mailboxDir, smtp } = env);
    test = await startNotificationTestApp('appointments', clock, [AppointmentBooked, AppointmentRescheduled, AppointmentCancelled] as EventDefinition<unknown>[]);
    ({ app, dataSource, job, producer, topic: appointmentsTopic } = test);
    messages = app.get(AppointmentMessagesService);
  });

  afterAll(async () => {
    await test?.close();
    await env?.close();
  });

  /** A client with an e-mail address (unique per test), as the contact projection holds them. */
  async function client(): Promise<{ clientId: string; email: string }> {
    const clientId = randomUUID();
    const email = `client-${clientId.slice(0, 8)}@example.test`;
    await dataSource.query(
      `INSERT INTO contact (client_id, location_id, given_name, family_name, email, preferred_channel, recorded_at) VALUES ($1, 'london', 'Ada', 'Lovelace', $2, 'email', now())`,
      [clientId, email],
    );
    return { clientId, email };
  }

  function bookedEvent(c: { clientId: string }, startsAt: Date, locationId = 'london'): AppointmentBookedV1 {
    return appointmentBooked({ clientId: c.clientId, locationId, startsAt, bookedAt: clock.now() });
  }

  const trigger = () => ({ id: randomUUID(), correlationId: randomUUID() });
  /** Scheduling's instant of a change: after the previous one even while the test's clock stands still. */
  let changes = 0;
  const changedAt = (): string => new Date(clock.now().getTime() + ++changes).toISOString();

  /** What the inbox handler does: the service in one transaction; then the worker has run what that made due. */
  async function book(e: AppointmentBookedV1): Promise<void> {
    await dataSource.transaction((m) => messages.booked(m, e, trigger()));
    await job.idle();
  }
  async function reschedule(booked: AppointmentBookedV1, startsAt: Date): Promise<void> {
    const e: AppointmentRescheduledV1 = {
      ...booked,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      previousStartsAt: booked.startsAt,
      previousTherapistId: booked.therapistId,
      rescheduledAt: changedAt(),
    };
    delete (e as Partial<AppointmentBookedV1>).bookedAt;
    await dataSource.transaction((m) => messages.rescheduled(m, e, trigger()));
    await job.idle();
  }
  function cancelledEvent(booked: AppointmentBookedV1): AppointmentCancelledV1 {
    return {
      appointmentId: booked.appointmentId,
      locationId: booked.locationId,
      clientId: booked.clientId,
      therapistId: booked.therapistId,
      startsAt: booked.startsAt,
      cancelledAt: changedAt(),
      lateCancellation: false,
      reason: 'client-request',
    };
  }
  async function cancel(booked: AppointmentBookedV1): Promise<void> {
    await dataSource.transaction((m) => messages.cancelled(m, cancelledEvent(booked), trigger()));
    await job.idle();
  }

  async function rows(appointmentId: string): Promise<Record<string, MessageRow>> {
    const list = (await dataSource.query(
      `SELECT kind, status, due_at, starts_at, attempts, message_key, failure_reason, failure_smtp_code FROM scheduled_message WHERE appointment_id = $1`,
      [appointmentId],
    )) as MessageRow[];
    return Object.fromEntries(list.map((r) => [r.kind, r]));
  }

  /** Messages the SMTP server accepted for this address (recorded before it answers, so no wait is needed). */
  const accepted = (email: string, kind?: string): string[] =>
    smtp.received
      .filter((r) => r.to.includes(email))
      .map((r) => /^Message-ID:\s*(<[^>]+>)/im.exec(r.raw.toString())?.[1] ?? '')
      .filter((id) => kind === undefined || id.startsWith(`<${kind}.`));

  async function advanceTo(at: Date): Promise<void> {
    clock.advanceTo(at);
    await job.idle();
  }

  it('book: the confirmation goes out at once, and the pre-visit check and two reminders are scheduled at their instants', async () => {
    const c = await client();
    const startsAt = new Date(clock.now().getTime() + 5 * DAY); // 12:00 UTC = 12:00 GMT in February
    const e = bookedEvent(c, startsAt);
    await book(e);

    const r = await rows(e.appointmentId);
    expect(r['booking-confirmed'].status).toBe('sent');
    const mail = await waitFor(async () => (await readMailbox(mailboxDir)).find((m) => m.messageId === appointmentMessageId(r['booking-confirmed'].message_key)), {
      timeoutMs: 10_000,
      description: 'the confirmation in the mail catcher',
    });
    expect(mail.to).toEqual([c.email]);
    const plan = planReminders({ startsAt, timeZone: 'Europe/London' }, clock.now());
    expect(Object.fromEntries(['pre-visit-check', 'reminder-24h', 'reminder-2h'].map((k) => [k, [r[k].status, r[k].due_at.toISOString()]]))).toEqual(
      Object.fromEntries(plan.scheduled.map((m) => [m.kind, ['scheduled', m.dueAt.toISOString()]])),
    );
    expect(r['reminder-24h'].due_at.toISOString()).toBe(new Date(startsAt.getTime() - DAY).toISOString());
    expect(job.nextRunAt()?.getTime()).toBeLessThanOrEqual(r['pre-visit-check'].due_at.getTime());
  });

  it('a booking read from an old history (a first deploy, a replay) gets its reminders and no confirmation; an old cancellation no notice', async () => {
    const c = await client();
    const startsAt = new Date(clock.now().getTime() + 5 * DAY);
    const e = { ...bookedEvent(c, startsAt), bookedAt: new Date(clock.now().getTime() - 2 * DAY).toISOString() };
    await book(e);

    const r = await rows(e.appointmentId);
    expect(r['booking-confirmed']).toBeUndefined();
    expect(Object.keys(r).sort()).toEqual(['pre-visit-check', 'reminder-24h', 'reminder-2h']);
    expect(accepted(c.email)).toEqual([]);

    const old = { ...cancelledEvent(e), cancelledAt: new Date(clock.now().getTime() - DAY - 1).toISOString() };
    await dataSource.transaction((m) => messages.cancelled(m, old, trigger()));
    await job.idle();
    const after = await rows(e.appointmentId);
    expect(after['booking-cancelled']).toBeUndefined();
    expect(['pre-visit-check', 'reminder-24h', 'reminder-2h'].map((k) => after[k].status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('a due reminder goes out once, also with several workers running at the same time', async () => {
    const c = await client();
    const startsAt = new Date(clock.now().getTime() + 3 * DAY);
    const e = bookedEvent(c, startsAt);
    await book(e);
    const due = (await rows(e.appointmentId))['reminder-24h'].due_at;

    await advanceTo(new Date(due.getTime() - 1));
    expect(accepted(c.email, 'reminder-24h')).toEqual([]);
    clock.advanceTo(due);
    const workers = app.get(SendDueMessagesService);
    await Promise.all([job.idle(), workers.runDue(due), workers.runDue(due), workers.runDue(due)]);
    await workers.runDue(due);

    expect(accepted(c.email, 'reminder-24h')).toHaveLength(1);
    expect((await rows(e.appointmentId))['reminder-24h']).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('reschedule: the reminder moves with the appointment (not sent at the old time, sent at the new) and a notice goes out', async () => {
    const c = await client();
    const oldStart = new Date(clock.now().getTime() + 3 * DAY);
    const newStart = new Date(oldStart.getTime() + 2 * DAY);
    const e = bookedEvent(c, oldStart);
    await book(e);
    const oldDue = (await rows(e.appointmentId))['reminder-24h'].due_at;
    await reschedule(e, newStart);

    const moved = await rows(e.appointmentId);
    expect(moved['booking-rescheduled'].status).toBe('sent');
    expect(moved['reminder-24h']).toMatchObject({ status: 'scheduled', due_at: new Date(newStart.getTime() - DAY), starts_at: newStart });
    await advanceTo(new Date(oldDue.getTime() + HOUR));
    expect(accepted(c.email, 'reminder-24h')).toEqual([]);
    await advanceTo(new Date(newStart.getTime() - DAY));
    expect(accepted(c.email, 'reminder-24h')).toEqual([appointmentMessageId(moved['reminder-24h'].message_key)]);
  });

  it('cancel: nothing scheduled is ever sent; the cancellation notice is', async () => {
    const c = await client();
    const startsAt = new Date(clock.now().getTime() + 3 * DAY);
    const e = bookedEvent(c, startsAt);
    await book(e);
    await cancel(e);

    const r = await rows(e.appointmentId);
    expect(['pre-visit-check', 'reminder-24h', 'reminder-2h'].map((k) => r[k].status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(r['booking-cancelled'].status).toBe('sent');
    await advanceTo(new Date(startsAt.getTime() + HOUR));
    expect(accepted(c.email).map((id) => id.split('.')[0])).toEqual(['<booking-confirmed', '<booking-cancelled']);
  });

  it('cancel racing a due reminder: either sent before the cancellation committed, or never', async () => {
    const workers = app.get(SendDueMessagesService);
    for (let i = 0; i < 12; i++) {
      const c = await client();
      const startsAt = new Date(clock.now().getTime() + DAY + 10 * 60_000);
      const e = bookedEvent(c, startsAt);
      await book(e);
      const due = new Date(startsAt.getTime() - DAY);
      // Alternate who starts first: the job (woken by the clock) and a second worker, or the cancellation.
      const cancelling = () => dataSource.transaction((m) => messages.cancelled(m, cancelledEvent(e), trigger()));
      const sending = () => {
        clock.advanceTo(due);
        return Promise.all([workers.runDue(due), job.idle()]);
      };
      await (i % 2 === 0 ? Promise.all([sending(), cancelling()]) : Promise.all([cancelling(), sending()]));
      await job.idle();

      const reminder = (await rows(e.appointmentId))['reminder-24h'];
      const sent = () => smtp.received.filter((r) => r.to.includes(c.email) && r.raw.toString().includes('<reminder-24h.'));
      if (reminder.status === 'sent') expect(sent()).toHaveLength(1);
      else expect({ status: reminder.status, sent: sent().length }).toEqual({ status: 'cancelled', sent: 0 });
      // Once the cancellation committed, no worker finds anything more to send.
      await workers.runDue(clock.now());
      expect(sent()).toHaveLength(reminder.status === 'sent' ? 1 : 0);
    }
  });

  it('a reminder due in quiet hours waits until they end (08:00 local)', async () => {
    const c = await client();
    // 09:30 London (GMT) three days on: the 2 h reminder's 07:30 falls in quiet hours.
    const day = new Date(clock.now().getTime() + 3 * DAY).toISOString().slice(0, 10);
    const startsAt = new Date(`${day}T09:30:00Z`);
    const e = bookedEvent(c, startsAt);
    await book(e);
    expect((await rows(e.appointmentId))['reminder-2h'].due_at).toEqual(new Date(`${day}T08:00:00Z`));
    await advanceTo(new Date(`${day}T07:59:00Z`));
    expect(accepted(c.email, 'reminder-2h')).toEqual([]);
    await advanceTo(new Date(`${day}T08:00:00Z`));
    expect(accepted(c.email, 'reminder-2h')).toHaveLength(1);
  });

  it('after an outage that outlasts the start, the reminders are not sent late but cancelled (start-passed)', async () => {
    const c = await client();
    const startsAt = new Date(clock.now().getTime() + 3 * DAY);
    const e = bookedEvent(c, startsAt);
    await book(e);
    await job.beforeApplicationShutdown(); // the worker is down
    try {
      clock.advanceTo(new Date(startsAt.getTime() + 60_000));
      await app.get(SendDueMessagesService).runDue(clock.now()); // back after the start
    } finally {
      job.onApplicationBootstrap();
    }
    await job.idle();
    const reminders = Object.values(await rows(e.appointmentId)).filter((r) => r.kind !== 'booking-confirmed');
    expect(reminders.length).toBeGreaterThanOrEqual(2);
    expect(reminders.map((r) => r.status)).toEqual(reminders.map(() => 'cancelled'));
    expect(accepted(c.email).map((id) => id.split('.')[0])).toEqual(['<booking-confirmed']);
    const reasons = (await dataSource.query(`SELECT payload->>'reason' AS reason FROM outbox WHERE payload->>'appointmentId' = $1 AND type = $2`, [e.appointmentId, ReminderCancelled.type])) as { reason: string }[];
    expect(reasons.map((x) => x.reason)).toEqual(reminders.map(() => 'start-passed'));
  });

  it('a crash between the send and its commit sends the reminder again with the same Message-ID, and records it once', async () => {
    const c = await client();
    const e = bookedEvent(c, new Date(clock.now().getTime() + 3 * DAY));
    await book(e);
    const due = (await rows(e.appointmentId))['reminder-24h'].due_at;
    // The process "dies" after the SMTP server accepted the reminder, before the transaction commits.
    const outbox = app.get(OutboxWriter);
    const enqueue = outbox.enqueue.bind(outbox);
    let crashes = 0;
    const spy = jest.spyOn(outbox, 'enqueue').mockImplementation(async (manager, def, payload, meta) => {
      if (def.name === NotificationSent.name && crashes++ === 0) throw new Error('killed before the commit');
      return enqueue(manager, def, payload, meta);
    });
    try {
      await advanceTo(due);
      expect((await rows(e.appointmentId))['reminder-24h']).toMatchObject({ status: 'scheduled', attempts: 0 });
      await advanceTo(new Date(due.getTime() + 5_000)); // the job's retry after a failed run
    } finally {
      spy.mockRestore();
    }
    const reminder = (await rows(e.appointmentId))['reminder-24h'];
    expect(reminder).toMatchObject({ status: 'sent', attempts: 1 });
    expect(accepted(c.email, 'reminder-24h')).toEqual([appointmentMessageId(reminder.message_key), appointmentMessageId(reminder.message_key)]);
    const published = (await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'appointmentId' = $1 AND type = $2 AND payload->>'kind' = 'reminder'`, [
      e.appointmentId,
      NotificationSent.type,
    ])) as { n: number }[];
    expect(published[0].n).toBe(1);
  });

  it('a permanent SMTP refusal is recorded failed and not retried; a transient one is retried after its backoff', async () => {
    const refused = await client();
    smtp.refuse(refused.email, { at: 'RCPT TO', code: 550 });
    const e = bookedEvent(refused, new Date(clock.now().getTime() + 3 * DAY));
    await book(e);
    expect((await rows(e.appointmentId))['booking-confirmed']).toMatchObject({ status: 'failed', attempts: 1, failure_reason: 'recipient-rejected', failure_smtp_code: 550 });
    await advanceTo(new Date(clock.now().getTime() + HOUR));
    expect(smtp.refusals.filter((r) => r.address === refused.email && r.at === 'RCPT TO')).toHaveLength(1);

    const deferred = await client();
    smtp.refuse(deferred.email, { at: 'RCPT TO', code: 451, times: 1 });
    const d = bookedEvent(deferred, new Date(clock.now().getTime() + 3 * DAY));
    await book(d);
    const waiting = (await rows(d.appointmentId))['booking-confirmed'];
    expect(waiting).toMatchObject({ status: 'scheduled', attempts: 1 });
    expect(waiting.due_at).toEqual(new Date(clock.now().getTime() + 60_000));
    await advanceTo(waiting.due_at);
    expect((await rows(d.appointmentId))['booking-confirmed']).toMatchObject({ status: 'sent', attempts: 2 });
    expect(accepted(deferred.email, 'booking-confirmed')).toHaveLength(1);
  });

  it('out of order: a cancellation before its booking, or an older reschedule after a newer one, brings nothing back', async () => {
    const c = await client();
    const e = bookedEvent(c, new Date(clock.now().getTime() + 4 * DAY));
    await dataSource.transaction((m) => messages.cancelled(m, cancelledEvent(e), trigger()));
    await book(e);
    expect(await rows(e.appointmentId)).toEqual({});

    const f = bookedEvent(c, new Date(clock.now().getTime() + 4 * DAY));
    await book(f);
    const newer = new Date(clock.now().getTime() + 6 * DAY);
    await reschedule(f, newer);
    const older: AppointmentRescheduledV1 = {
      ...f,
      startsAt: new Date(clock.now().getTime() + 5 * DAY).toISOString(),
      previousStartsAt: f.startsAt,
      previousTherapistId: f.therapistId,
      rescheduledAt: new Date(clock.now().getTime() - 60_000).toISOString(),
    };
    await dataSource.transaction((m) => messages.rescheduled(m, older, trigger()));
    expect((await rows(f.appointmentId))['reminder-24h'].starts_at).toEqual(newer);
    await cancel(f);
    await reschedule(f, new Date(clock.now().getTime() + 7 * DAY));
    const r = await rows(f.appointmentId);
    expect(['pre-visit-check', 'reminder-24h', 'reminder-2h'].map((k) => r[k].status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(r['reminder-24h'].starts_at).toEqual(newer);
  });

  it('through the consumer: a booking delivered twice confirms once and schedules its reminders once', async () => {
    const c = await client();
    const e = bookedEvent(c, new Date(clock.now().getTime() + 3 * DAY));
    const envelopeOf = <P>(def: EventDefinition<P>, data: P): EventEnvelope<P> => ({
      id: randomUUID(),
      type: def.type,
      source: '/massage/scheduling',
      time: clock.now().toISOString(),
      subject: e.appointmentId,
      correlationId: randomUUID(),
      data,
    });
    const booking = envelopeOf(AppointmentBooked, e);
    const later = new Date(clock.now().getTime() + 4 * DAY);
    const plan: Omit<AppointmentBookedV1, 'bookedAt'> & { bookedAt?: string } = { ...e };
    delete plan.bookedAt;
    // Same key, same partition: once the reschedule is applied, both copies of the booking were handled before it.
    const moved = envelopeOf(AppointmentRescheduled, {
      ...plan,
      startsAt: later.toISOString(),
      endsAt: new Date(later.getTime() + HOUR).toISOString(),
      previousStartsAt: e.startsAt,
      previousTherapistId: e.therapistId,
      rescheduledAt: new Date(clock.now().getTime() + 1).toISOString(),
    });
    await producer.send({ topic: appointmentsTopic.name, acks: -1, messages: [toKafkaMessage(booking), toKafkaMessage(booking), toKafkaMessage(moved)] });
    await waitFor(async () => (await rows(e.appointmentId))['booking-rescheduled']?.status === 'sent' || undefined, { timeoutMs: 30_000, description: 'the reschedule notice sent' });

    expect(Object.keys(await rows(e.appointmentId)).sort()).toEqual(['booking-confirmed', 'booking-rescheduled', 'pre-visit-check', 'reminder-24h', 'reminder-2h']);
    expect(accepted(c.email, 'booking-confirmed')).toHaveLength(1);
    expect(accepted(c.email, 'booking-rescheduled')).toHaveLength(1);
    expect((await rows(e.appointmentId))['reminder-24h'].starts_at).toEqual(later);
  });

  describe('across DST (reminders keep the local clock time)', () => {
    it('Toronto spring-forward: the 24 h reminder of Sunday 2026-03-08 09:00 EDT goes out Saturday 09:00 EST', async () => {
      const c = await client();
      const e = bookedEvent(c, new Date('2026-03-08T13:00:00Z'), 'toronto');
      await book(e);
      expect((await rows(e.appointmentId))['reminder-24h'].due_at).toEqual(new Date('2026-03-07T14:00:00Z'));
      await advanceTo(new Date('2026-03-07T13:59:00Z'));
      expect(accepted(c.email, 'reminder-24h')).toEqual([]);
      await advanceTo(new Date('2026-03-07T14:00:00Z'));
      expect(accepted(c.email, 'reminder-24h')).toHaveLength(1);
    });

    it('London fall-back: the 24 h reminder of Sunday 2026-10-25 09:00 GMT goes out Saturday 09:00 BST', async () => {
      const c = await client();
      const e = bookedEvent(c, new Date('2026-10-25T09:00:00Z'));
      await book(e);
      expect((await rows(e.appointmentId))['reminder-24h'].due_at).toEqual(new Date('2026-10-24T08:00:00Z'));
      await advanceTo(new Date('2026-10-24T08:00:00Z'));
      expect(accepted(c.email, 'reminder-24h')).toHaveLength(1);
    });
  });
});
