import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  AUDIT_TOPIC,
  deadLetterTopicName,
  INTAKE_EVENTS_TOPIC,
  NOTIFICATION_CONSUMER_GROUP,
  NOTIFICATION_EVENTS_TOPIC,
  NotificationSent,
  ScreeningCompleted,
  TOPICS,
  type NotificationSentV1,
  type ScreeningCompletedV1,
} from '@massage/contracts';
import { exampleSubmitIntakeRequest } from '@massage/intake-api';
import { API_WEEKDAYS, type AppointmentResponse, type AvailabilityResponse, type AvailableSlot, type LocationResponse, type TherapistResponse } from '@massage/scheduling-api';
import { collectTopic, ensureTopics, readMailbox, testKafka, testSmtp, uniqueName, waitFor, type MailSummary, type TestDatabase, type TestSmtp, type TopicCollector } from '@massage/testing';
import { first, freePort, gatewayCaller, GatewayKeys, migratedDatabase, startAtTopicEnds, utcDay, waitForMessage } from './support/gateway-stack';
import { ServiceProcess } from './support/service-process';

/**
 * Client communication end to end (issue 10), on the built gateway, intake, scheduling and notification as real
 * processes against the real broker, database and SMTP catcher: a client registered and screened clear through the
 * gateway is booked by the front desk and gets a confirmation e-mail; a reschedule sends a reschedule notice and
 * moves the reminders; a cancellation sends a cancellation notice and cancels every reminder. Then notification is
 * killed (SIGKILL) while reminders are due, restarted, and each reminder is found sent once.
 *
 * Real time, not a ManualClock: the crash test is about a process dying and another taking over its rows, which only
 * a real process on the real clock shows (the reminder logic itself — moves, quiet hours, DST, races — is proven on a
 * ManualClock in libs/notification/feature's integration specs). So the kill test books appointments starting a
 * little over 2 hours from now, whose 2-hour reminders fall due seconds later, and polls for conditions (never
 * asserting how long anything took).
 */
describe('notification: appointment messages through the gateway to the mailbox', () => {
  const keys = new GatewayKeys();
  const location = 'e2e-ntf-' + Math.random().toString(36).slice(2, 8);
  // A zone where it is early afternoon now: the reminders due in the next minutes are outside quiet hours (21:00–08:00).
  const timeZone = afternoonZone(new Date());
  const smsUrl = `http://127.0.0.1:${process.env['SMS_PORT'] ?? '8026'}`;
  const databases: TestDatabase[] = [];
  let notificationDb: TestDatabase;
  let services: ServiceProcess[] = [];
  let notification: ServiceProcess;
  let gateway: ServiceProcess;
  let smtp: TestSmtp;
  let intakeEvents: TopicCollector;
  let notificationEvents: TopicCollector;
  const tokens: Record<'frontDesk' | 'manager' | 'hq', string> = { frontDesk: '', manager: '', hq: '' };
  let serviceId = '';
  let therapists = 0;
  let rooms = 0;

  beforeAll(async () => {
    const { brokers } = await testKafka();
    smtp = await testSmtp();
    // Consumer groups of this run's own, beside the stack's. Notification's starts at its topics' ends: the shared
    // broker's history holds other runs' and the benchmark's appointments, some at locations whose LocationOpened is
    // not on the locations topic, and each of those is retried until it is dead-lettered before the next is read.
    const groups = { intake: uniqueName('e2e-intake'), scheduling: uniqueName('e2e-scheduling'), notification: uniqueName('e2e-notification') };
    await ensureTopics(brokers, [...TOPICS, AUDIT_TOPIC, ...Object.values(groups).map((group) => ({ name: deadLetterTopicName(group), partitions: 1 }))]);
    await startAtTopicEnds(brokers, groups.notification, NOTIFICATION_CONSUMER_GROUP.topics);
    intakeEvents = await collectTopic(brokers, INTAKE_EVENTS_TOPIC.name, { fromBeginning: false });
    notificationEvents = await collectTopic(brokers, NOTIFICATION_EVENTS_TOPIC.name, { fromBeginning: false });

    const env = async (name: string): Promise<Record<string, string>> => {
      const { db, env: serviceEnv } = await migratedDatabase('e2e_notification', name, { KAFKA_BROKERS: brokers.join(','), KAFKAJS_NO_PARTITIONER_WARNING: '1', AUTH_ASSERTION_PUBLIC_KEYS: keys.publicKeys });
      databases.push(db);
      if (name === 'notification') notificationDb = db;
      return serviceEnv;
    };
    const intake = new ServiceProcess('intake', await freePort(), { ...(await env('intake')), INTAKE_GROUP_ID: groups.intake });
    const scheduling = new ServiceProcess('scheduling', await freePort(), { ...(await env('scheduling')), SCHEDULING_GROUP_ID: groups.scheduling });
    const notificationPort = await freePort();
    notification = new ServiceProcess('notification', notificationPort, {
      ...(await env('notification')),
      NOTIFICATION_GROUP_ID: groups.notification,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      // The sweep finds rows a killed process left due; the restarted worker also runs at its start.
      NOTIFICATION_MESSAGE_SWEEP_MS: '1000',
      // The running SMS stand-in (infra/sms), which posts its delivery reports back to this notification.
      SMS_API_URL: smsUrl,
      SMS_DELIVERY_REPORT_URL: `http://127.0.0.1:${notificationPort}/sms/delivery-reports`,
    });
    gateway = new ServiceProcess('gateway', await freePort(), { ...keys.gatewayEnv(), INTAKE_URL: intake.url, SCHEDULING_URL: scheduling.url, NOTIFICATION_URL: notification.url });
    services = [intake, scheduling, notification, gateway];
    await Promise.all(services.map((s) => s.start()));
    tokens.frontDesk = await keys.token('front-desk', location);
    tokens.manager = await keys.token('location-manager', location, `manager@${location}`);
    tokens.hq = await keys.token('hq-admin');
    await openLocation();
  }, 300_000); // four builds' worth of processes, migrations and a location set up through the gateway, on a shared machine

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await intakeEvents?.stop();
    await notificationEvents?.stop();
    await smtp?.close();
    await Promise.all(databases.map((d) => d.drop()));
  });

  const { call, json } = gatewayCaller(() => gateway.url);
  const at = `/locations/${location}`;
  const plan = { techniques: ['swedish'], focusRegions: ['upper-back', 'neck'], pressure: 'P3' } as const;

  /** HQ opens the location (open around the clock in `timeZone`); its manager adds a 60-minute service. */
  async function openLocation(): Promise<void> {
    const allDay = [{ from: '00:00', to: '24:00' }];
    const opened = await json<LocationResponse>(
      await call('POST', '/locations', tokens.hq, {
        code: location,
        name: 'E2e messages',
        timeZone,
        jurisdiction: 'CA-ON',
        openingHours: API_WEEKDAYS.map((weekday) => ({ weekday, windows: allDay })),
        cancellationWindowMinutes: 1440,
      }),
      201,
    );
    expect(opened).toMatchObject({ code: location, timeZone });
    serviceId = (
      await json<{ id: string }>(
        await call('POST', `${at}/services`, tokens.manager, { code: 'massage-60', name: 'Massage, 60 minutes', durationMinutes: 60, bufferMinutes: 15, techniques: ['swedish'], requiredEquipment: [] }),
        201,
      )
    ).id;
  }

  /** One more room and one more licensed therapist certified for swedish, on shift every day around the clock. */
  async function addTherapistAndRoom(): Promise<TherapistResponse> {
    const n = ++therapists;
    await json(await call('POST', `${at}/rooms`, tokens.manager, { code: `room-${++rooms}`, name: `Room ${rooms}`, equipment: [] }), 201);
    const therapist = await json<TherapistResponse>(
      await call('POST', `${at}/therapists`, tokens.manager, {
        subject: `therapist-${n}@${location}`,
        displayName: `Therapist ${n}`,
        licence: { number: `RMT-${String(n).padStart(6, '0')}`, jurisdiction: 'CA-ON', validFrom: utcDay(-365), expiresOn: utcDay(730) },
      }),
      201,
    );
    await json(await call('PUT', `${at}/therapists/${therapist.id}/certifications/swedish`, tokens.manager, {}, null), 200);
    await json(await call('PUT', `${at}/therapists/${therapist.id}/shifts`, tokens.manager, { shifts: API_WEEKDAYS.map((weekday) => ({ weekday, from: '00:00', to: '24:00' })) }, null), 200);
    return therapist;
  }

  /** A client registered and screened clear through intake, once scheduling's projection has the screening. */
  async function screenedClient(therapist: TherapistResponse): Promise<ScreenedClient> {
    const email = `${uniqueName('client')}@example.com`;
    const phone = `+1416555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    const registration = { givenName: 'Ada', familyName: 'Messages', email, phone, preferredChannel: 'email', dateOfBirth: '1980-02-02' };
    const registrationKey = randomUUID();
    // Intake accepts the location's code once LocationOpened has reached it (404 until then; the same key is retried).
    const id = await waitFor(
      async () => {
        const res = await call('POST', `${at}/clients`, tokens.frontDesk, registration, registrationKey);
        if (res.status === 404) return undefined;
        return (await json<{ id: string }>(res, 201)).id;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'intake to know the location scheduling opened' },
    );
    await json(await call('POST', `${at}/clients/${id}/intakes`, tokens.frontDesk, exampleSubmitIntakeRequest(new Date().toISOString(), 'Ada Messages')), 201);
    const screened = JSON.parse((await waitForMessage(intakeEvents, (m) => m.key === id && m.headers['ce_type'] === ScreeningCompleted.type, 'ScreeningCompleted')).value ?? 'null') as ScreeningCompletedV1;
    expect(screened).toMatchObject({ outcome: 'cleared', restrictions: [] });
    await slotsFor(id, therapist, 0, 1);
    return { id, email, phone };
  }

  /** The client's free slots with the therapist from `fromDay` to `toDay` (UTC days from today), once there are some. */
  function slotsFor(clientId: string, therapist: TherapistResponse, fromDay: number, toDay: number): Promise<AvailableSlot[]> {
    const search = `${at}/availability?serviceId=${serviceId}&from=${utcDay(fromDay)}&to=${utcDay(toDay)}&therapistId=${therapist.id}&clientId=${clientId}&techniques=swedish&focusRegions=${plan.focusRegions.join(',')}&pressure=${plan.pressure}`;
    return waitFor(
      async () => {
        const res = await call('GET', search, tokens.frontDesk, undefined, null);
        const found = res.status === 200 ? ((await res.json()) as AvailabilityResponse).slots : [];
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, description: "slots for the client once scheduling's projection has the screening" },
    );
  }

  /** Whether the instant is between 12:00 and 18:00 at the location. */
  const afternoon = (instant: string): boolean => {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(instant)));
    return hour >= 12 && hour < 18;
  };

  const book = (clientId: string, therapist: TherapistResponse, startsAt: string): Promise<AppointmentResponse> =>
    call('POST', `${at}/appointments`, tokens.frontDesk, { clientId, therapistId: therapist.id, serviceId, startsAt, ...plan, techniques: [...plan.techniques], focusRegions: [...plan.focusRegions] }).then((res) => json<AppointmentResponse>(res, 201));

  /** notification's scheduled_message rows of the appointment. */
  const rowsOf = (appointmentId: string): Promise<MessageRow[]> =>
    query<MessageRow>(notificationDb, 'SELECT appointment_id, kind, channel, status, message_key, smtp_message_id, provider_message_id, due_at FROM scheduled_message WHERE appointment_id = $1 ORDER BY kind, channel', [appointmentId]);

  /** The row of `kind` on `channel`, once its status is `status`. */
  const rowOf = (appointmentId: string, kind: string, channel: 'email' | 'sms', status = 'sent'): Promise<MessageRow> =>
    waitFor(async () => (await rowsOf(appointmentId)).find((r) => r.kind === kind && r.channel === channel && r.status === status), { timeoutMs: 60_000, intervalMs: 250, description: `${kind} ${channel} ${status}` });
  const emailRow = (appointmentId: string, kind: string, status = 'sent'): Promise<MessageRow> => rowOf(appointmentId, kind, 'email', status);

  /** The SMS the stand-in took with the row's provider message id (derived from its message key), once there is one. */
  async function smsOf(row: MessageRow): Promise<StoredSms[]> {
    expect(row.provider_message_id).toBeTruthy();
    return waitFor(
      async () => {
        const stored = (await (await fetch(`${smsUrl}/messages`)).json()) as StoredSms[];
        return nonEmpty(stored.filter((m) => m.messageId === row.provider_message_id));
      },
      { timeoutMs: 30_000, description: `${row.kind} in the SMS stand-in's listing` },
    );
  }

  /** The client's messages as the front desk reads them through the gateway. */
  const messagesOf = async (clientId: string): Promise<ClientMessage[]> =>
    (await json<{ items: ClientMessage[] }>(await call('GET', `${at}/clients/${clientId}/messages`, tokens.frontDesk, undefined, null), 200)).items;

  /** The mails in the catcher carrying the row's Message-ID, which is derived from its message key. */
  async function mailsOf(row: MessageRow): Promise<MailSummary[]> {
    expect(row.smtp_message_id?.toLowerCase().startsWith(`<${row.message_key.toLowerCase()}@`)).toBe(true);
    return (await readMailbox(smtp.mailboxDir)).filter((m) => m.messageId === row.smtp_message_id);
  }

  describe('a booking, its reschedule and its cancellation', () => {
    let therapist: TherapistResponse;
    let client: ScreenedClient;
    let booked: AppointmentResponse;

    it('books a client screened clear: one confirmation e-mail to the client, NotificationSent with CloudEvents headers and no free text, reminders scheduled', async () => {
      therapist = await addTherapistAndRoom();
      client = await screenedClient(therapist);
      // Three days ahead, in the afternoon: the pre-visit check (48 h) and both reminders (24 h, 2 h) are due in the
      // future and outside quiet hours (a morning visit's 2 h reminder would fall in them and be dropped).
      const slots = (await slotsFor(client.id, therapist, 3, 5)).filter((s) => afternoon(s.startsAt));
      booked = await book(client.id, therapist, first(slots).startsAt);

      const confirmation = await emailRow(booked.id, 'booking-confirmed');
      const mails = await waitFor(async () => nonEmpty(await mailsOf(confirmation)), { timeoutMs: 30_000, description: 'the confirmation in the mailbox' });
      expect(mails).toHaveLength(1);
      expect(first(mails).to).toEqual([client.email]);
      expect(first(mails).text).toContain('Ada');

      const sent = await waitForMessage(
        notificationEvents,
        (m) => m.key === client.id && m.headers['ce_type'] === NotificationSent.type && payload<NotificationSentV1>(m.value).kind === 'booking-confirmed',
        'NotificationSent of the confirmation',
      );
      expect(sent.headers).toMatchObject({ ce_specversion: '1.0', ce_type: NotificationSent.type, ce_source: '/massage/notification', 'content-type': 'application/json' });
      expect(sent.headers['ce_id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(sent.headers['ce_time'] ?? '')).not.toBeNaN();
      expect(sent.headers['ce_correlationid']).toBeTruthy();
      const event = payload<NotificationSentV1>(sent.value);
      expect(event).toMatchObject({ clientId: client.id, locationId: location, kind: 'booking-confirmed', channel: 'email', appointmentId: booked.id });
      // Ids, codes and instants only: no name, address or message text.
      expect(Object.keys(event).sort()).toEqual(['appointmentId', 'channel', 'clientId', 'kind', 'locationId', 'notificationId', 'sentAt', 'triggeredBy']);
      expect(sent.value).not.toMatch(/Ada|Messages|example\.com|\+1416/);

      // The client has a phone too: a notice goes on every reachable channel, so the confirmation is also an SMS.
      const sms = await smsOf(await rowOf(booked.id, 'booking-confirmed', 'sms'));
      expect(sms.map((m) => m.to)).toEqual([client.phone]);
      expect(first(sms).text).toMatch(/\S/);

      // Reminders go on the preferred channel (e-mail) only.
      const scheduled = (await rowsOf(booked.id)).filter((r) => r.status === 'scheduled').map((r) => `${r.kind} ${r.channel}`);
      expect(scheduled.sort()).toEqual(['pre-visit-check email', 'reminder-24h email', 'reminder-2h email']);

      // The front desk sees them through the gateway: what, how and what came of it (the SMS delivered, as the
      // stand-in's report said), never an address.
      const listed = await waitFor(
        async () => {
          const items = await messagesOf(client.id);
          return items.some((m) => m.kind === 'booking-confirmed' && m.channel === 'sms' && m.deliveryStatus === 'DELIVERED_TO_HANDSET') ? items : undefined;
        },
        { timeoutMs: 30_000, description: "the SMS's delivery report in the client's messages" },
      );
      expect(listed.map((m) => `${m.kind} ${m.channel} ${m.status}`).sort()).toEqual(
        expect.arrayContaining(['booking-confirmed email sent', 'booking-confirmed sms sent', 'pre-visit-check email scheduled', 'reminder-24h email scheduled', 'reminder-2h email scheduled']),
      );
      expect(JSON.stringify(listed)).not.toContain(client.email);
      expect(JSON.stringify(listed)).not.toContain(client.phone);
    }, 300_000);

    it('reschedules: one reschedule notice e-mail, and the reminders move to the new start', async () => {
      expect(booked).toBeDefined();
      const before = await rowsOf(booked.id);
      const later = (await slotsFor(client.id, therapist, 3, 5)).find((s) => afternoon(s.startsAt) && Date.parse(s.startsAt) >= Date.parse(booked.blockedUntil) + 60 * 60_000);
      if (!later) throw new Error('no later slot');
      const moved = await json<AppointmentResponse>(await call('POST', `${at}/appointments/${booked.id}/reschedule`, tokens.frontDesk, { startsAt: later.startsAt }, null), 200);
      expect(Date.parse(moved.startsAt)).toBe(Date.parse(later.startsAt));

      const notice = await emailRow(booked.id, 'booking-rescheduled');
      const mails = await waitFor(async () => nonEmpty(await mailsOf(notice)), { timeoutMs: 30_000, description: 'the reschedule notice in the mailbox' });
      expect(mails.map((m) => m.to)).toEqual([[client.email]]);
      expect((await smsOf(await rowOf(booked.id, 'booking-rescheduled', 'sms'))).map((m) => m.to)).toEqual([client.phone]);
      const reminder = (rows: MessageRow[]): MessageRow | undefined => rows.find((r) => r.kind === 'reminder-2h' && r.channel === 'email');
      await waitFor(async () => reminder(await rowsOf(booked.id))?.message_key !== reminder(before)?.message_key, { timeoutMs: 30_000, description: 'the 2 h reminder to move' });
      const after = reminder(await rowsOf(booked.id));
      expect(after).toMatchObject({ status: 'scheduled' });
      expect(after?.due_at.getTime()).toBe(Date.parse(later.startsAt) - 2 * 3_600_000);
    }, 120_000);

    it('cancels: one cancellation notice e-mail, and every reminder of the appointment cancelled (never sent)', async () => {
      expect(booked).toBeDefined();
      await json(await call('POST', `${at}/appointments/${booked.id}/cancel`, tokens.frontDesk, { reason: 'client-request' }, null), 200);
      const notice = await emailRow(booked.id, 'booking-cancelled');
      const mails = await waitFor(async () => nonEmpty(await mailsOf(notice)), { timeoutMs: 30_000, description: 'the cancellation notice in the mailbox' });
      expect(mails.map((m) => m.to)).toEqual([[client.email]]);
      expect((await smsOf(await rowOf(booked.id, 'booking-cancelled', 'sms'))).map((m) => m.to)).toEqual([client.phone]);

      const reminders = (await rowsOf(booked.id)).filter((r) => r.kind.startsWith('reminder-') || r.kind === 'pre-visit-check');
      expect(reminders.length).toBeGreaterThanOrEqual(3);
      expect(reminders.map((r) => r.status)).toEqual(reminders.map(() => 'cancelled'));
      // None of them ever reaches the mailbox (by the Message-ID each would carry).
      const ids = (await readMailbox(smtp.mailboxDir)).filter((m) => m.to.includes(client.email)).map((m) => m.messageId?.toLowerCase() ?? '');
      expect(reminders.filter((r) => ids.some((id) => id.startsWith(`<${r.message_key.toLowerCase()}@`)))).toEqual([]);
      const listed = await messagesOf(client.id);
      expect(listed.filter((m) => m.kind.startsWith('reminder-') || m.kind === 'pre-visit-check').map((m) => m.status)).toEqual(reminders.map(() => 'cancelled'));
    }, 120_000);
  });

  describe('kill -9 of notification while reminders are due', () => {
    const N = 8;

    it('after the restart each due reminder is sent, once, with its Message-ID; every row sent', async () => {
      const people: { therapist: TherapistResponse; client: ScreenedClient }[] = [];
      for (let i = 0; i < N; i++) {
        const therapist = await addTherapistAndRoom();
        people.push({ therapist, client: await screenedClient(therapist) });
      }
      // Starts a little over 2 h from now, 400 ms apart: the 2 h reminders fall due one after another within seconds
      // of the last booking (the margin covers the bookings and the consumer), so the kill lands while some are due.
      const base = Date.now() + 2 * 3_600_000 + 20_000;
      const appointments: AppointmentResponse[] = [];
      for (const [i, { therapist, client }] of people.entries()) appointments.push(await book(client.id, therapist, new Date(base + i * 400).toISOString()));

      const reminders = async (): Promise<MessageRow[]> =>
        query<MessageRow>(
          notificationDb,
          `SELECT appointment_id, kind, channel, status, message_key, smtp_message_id, provider_message_id, due_at FROM scheduled_message WHERE kind = 'reminder-2h' AND appointment_id = ANY($1::uuid[]) ORDER BY due_at`,
          [appointments.map((a) => a.id)],
        );
      // Every reminder planned before any is due (else the run proves nothing about due rows).
      await waitFor(async () => (await reminders()).length === N || undefined, { timeoutMs: 30_000, intervalMs: 100, description: 'the 2 h reminders scheduled' });
      expect((await reminders()).every((r) => r.channel === 'email')).toBe(true);

      await waitFor(async () => (await reminders()).some((r) => r.status === 'sent') || undefined, { timeoutMs: 60_000, intervalMs: 50, description: 'a first reminder sent' });
      await notification.kill();
      const atKill = await reminders();
      const sentAtKill = atKill.filter((r) => r.status === 'sent').length;
      // Some sent, some still due: the restarted process has rows the killed one left.
      expect(sentAtKill).toBeGreaterThanOrEqual(1);
      expect(sentAtKill).toBeLessThan(N);

      await notification.start();
      const done = await waitFor(async () => {
        const rows = await reminders();
        return rows.every((r) => r.status !== 'scheduled') ? rows : undefined;
      }, { timeoutMs: 90_000, intervalMs: 250, description: 'every reminder sent after the restart' });
      expect(done.map((r) => r.status)).toEqual(done.map(() => 'sent'));

      // In the mailbox, each reminder's Message-ID (derived from its message key). A kill between the SMTP server
      // accepting a message and the commit that records it sends that one message again, with the same Message-ID
      // (ADR 0020: at least once, de-duplicable by the receiver): at most the one in flight at the kill.
      const copies = await Promise.all(done.map(async (row) => (await mailsOf(row)).length));
      expect(copies.every((n) => n >= 1)).toBe(true);
      expect(copies.filter((n) => n > 1)).toEqual(copies.some((n) => n > 1) ? [2] : []);
      const emailOf = new Map(appointments.map((a, i) => [a.id, people[i]?.client.email]));
      for (const row of done) expect((await mailsOf(row)).map((m) => m.to)).toContainEqual([emailOf.get(row.appointment_id)]);

      // One NotificationSent per reminder (by notificationId: the outbox may publish an event again after a crash, with the same id).
      await waitFor(
        async () => {
          const sent = notificationEvents.messages.filter((m) => m.headers['ce_type'] === NotificationSent.type).map((m) => payload<NotificationSentV1>(m.value));
          const ids = new Set(sent.filter((e) => e.kind === 'reminder' && appointments.some((a) => a.id === e.appointmentId)).map((e) => e.appointmentId));
          return ids.size === N || undefined;
        },
        { timeoutMs: 60_000, description: 'NotificationSent for each reminder' },
      );
      const perAppointment = new Map<string, Set<string>>();
      for (const m of notificationEvents.messages.filter((x) => x.headers['ce_type'] === NotificationSent.type)) {
        const e = payload<NotificationSentV1>(m.value);
        if (e.kind === 'reminder' && e.appointmentId) perAppointment.set(e.appointmentId, (perAppointment.get(e.appointmentId) ?? new Set()).add(e.notificationId));
      }
      expect(appointments.map((a) => perAppointment.get(a.id)?.size)).toEqual(appointments.map(() => 1));
    }, 600_000); // eight clients registered and screened through the gateway, a process killed and restarted
  });
});

interface ScreenedClient {
  id: string;
  email: string;
  phone: string;
}

/** What the SMS stand-in lists of a message it took (infra/sms/README.md). */
interface StoredSms {
  messageId: string;
  to: string;
  text: string;
  status: string;
}

/** A message as `GET …/clients/:clientId/messages` shows it. */
interface ClientMessage {
  kind: string;
  channel: string;
  status: string;
  deliveryStatus: string | null;
}

interface MessageRow {
  appointment_id: string;
  kind: string;
  channel: string;
  status: string;
  message_key: string;
  smtp_message_id: string | null;
  provider_message_id: string | null;
  due_at: Date;
}

/**
 * An IANA zone where the local hour now is 13: `Etc/GMT-9` is UTC+9 (the Etc zones' signs are POSIX's, inverted).
 * Picked when the suite runs, so its reminders, due minutes from now, are never in the location's quiet hours.
 */
function afternoonZone(now: Date): string {
  const offset = ((13 - now.getUTCHours() + 36) % 24) - 12;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

function payload<T>(value: string | null): T {
  return JSON.parse(value ?? 'null') as T;
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

async function query<T>(db: TestDatabase, sql: string, params: unknown[]): Promise<T[]> {
  const pg = new Client(db.options);
  await pg.connect();
  try {
    return (await pg.query(sql, params)).rows as T[];
  } finally {
    await pg.end();
  }
}
