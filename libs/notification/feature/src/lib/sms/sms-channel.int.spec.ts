import { NOTIFICATION_EVENTS_TOPIC, type AppointmentBookedV1 } from '@massage/contracts';
import { recordKnownLocation } from '@massage/known-locations';
import { appointmentMessageId } from '@massage/notification-domain';
import { basicAuthorization, smsMessageId, startSmsCatcher, type SmsCatcher, type SmsConfig } from '@massage/notification-sms';
import { CLOCK, ManualClock, ProblemDetailsFilter, TIMER } from '@massage/platform';
import { GATEWAY_ASSERTION_HEADER, generateAssertionKeyPair } from '@massage/platform-security';
import { ensureTopics, readMailbox, testKafka, waitFor } from '@massage/testing';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppointmentMessagesService } from '../appointments/appointment-messages.service';
import { ScheduledMessageJob } from '../appointments/scheduled-message.job';
import { MESSAGE_RETRY_POLICY, SendDueMessagesService } from '../appointments/send-due-messages.service';
import { NotificationModule } from '../notification.module';
import { startNotificationTestEnv, type NotificationTestEnv } from '../testing/notification-test-env';
import { SMS_CONFIG } from './sms-channel.config';
import { linkSecretFromEnv, unsubscribeToken } from '../preferences/unsubscribe-link';
import { appointmentBooked } from '../testing/appointment-booked.fixture';
import { oneClickHeadersOf } from '../testing/one-click-headers';

process.env['KAFKA_BROKERS'] ||= '127.0.0.1:9092';
process.env['PGHOST'] ||= '127.0.0.1';
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const API_KEY = 'sms-spec-key';
const HOOKS = { user: 'infobip', password: 'hook-secret' };
const assertionKeys = generateAssertionKeyPair('notification-sms-spec');

interface Row {
  id: string;
  kind: string;
  channel: string;
  status: string;
  attempts: number;
  message_key: string;
  failure_reason: string | null;
  failure_detail: string | null;
  provider_message_id: string | null;
  delivery_status: string | null;
  delivery_final: boolean;
  due_at: Date;
}

/**
 * The SMS channel, opt-outs and the client's messages against real PostgreSQL, SMTP (the mail catcher) and an SMS
 * stand-in started here on a free port, with the service's HTTP routes and webhooks over a real socket. Time is a
 * ManualClock; the worker runs when the test moves it.
 */
describe('SMS channel, preferences and opt-out (PostgreSQL, SMTP, SMS stand-in)', () => {
  const clock = new ManualClock('2026-03-02T12:00:00.000Z');
  const smsConfig: SmsConfig = { apiUrl: 'http://127.0.0.1:9', apiKey: API_KEY, sender: 'MassageCo', timeoutMs: 5_000, webhookUser: HOOKS.user, webhookPassword: HOOKS.password };
  let env: NotificationTestEnv;
  let app: INestApplication;
  let baseUrl: string;
  let sms: SmsCatcher;
  let smsOutbox: string;
  let dataSource: DataSource;
  let messages: AppointmentMessagesService;
  let job: ScheduledMessageJob;

  beforeAll(async () => {
    const { brokers } = await testKafka();
    await ensureTopics(brokers, [NOTIFICATION_EVENTS_TOPIC]);
    env = await startNotificationTestEnv('notif_sms', assertionKeys.publicKeysJson);
    const moduleRef = await Test.createTestingModule({ imports: [NotificationModule] })
      .overrideProvider(CLOCK)
      .useValue(clock)
      .overrideProvider(TIMER)
      .useValue(clock)
      .overrideProvider(MESSAGE_RETRY_POLICY)
      .useValue({ maxAttempts: 3, initialBackoffMs: 60_000, maxBackoffMs: 120_000 })
      .overrideProvider(SMS_CONFIG)
      .useValue(smsConfig)
      .compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    smsOutbox = await mkdtemp(path.join(tmpdir(), 'notif-sms-outbox-'));
    sms = await startSmsCatcher({ outboxDir: smsOutbox, apiKey: API_KEY, webhookCredentials: HOOKS, inboundWebhookUrl: `${baseUrl}/sms/inbound` });
    // The sender reads its config at each send: the stand-in and the service's own URL are known only now.
    smsConfig.apiUrl = sms.url;
    smsConfig.deliveryReportUrl = `${baseUrl}/sms/delivery-reports`;
    dataSource = app.get(DataSource);
    messages = app.get(AppointmentMessagesService);
    job = app.get(ScheduledMessageJob);
    await recordKnownLocation(dataSource, { locationId: 'london', name: 'London Bridge', timeZone: 'Europe/London', jurisdiction: 'GB-ENG', openedAt: '2025-01-01T00:00:00Z' });
  });

  afterAll(async () => {
    await app?.close();
    await sms?.close();
    if (smsOutbox) await rm(smsOutbox, { recursive: true, force: true });
    await env?.close();
  });

  let phones = 0;
  /** A client with an e-mail address and a phone (unique per test unless given). */
  async function client(options: { phone?: string | null; preferred?: 'email' | 'sms' } = {}): Promise<{ clientId: string; email: string; phone: string | null }> {
    const clientId = randomUUID();
    const email = `client-${clientId.slice(0, 8)}@example.test`;
    const phone = options.phone === undefined ? `+4477009${String(++phones).padStart(5, '0')}` : options.phone;
    await dataSource.query(
      `INSERT INTO contact (client_id, location_id, given_name, family_name, email, phone, preferred_channel, recorded_at) VALUES ($1, 'london', 'Ada', 'Lovelace', $2, $3, $4, now())`,
      [clientId, email, phone, options.preferred ?? 'email'],
    );
    return { clientId, email, phone };
  }

  async function book(c: { clientId: string }, startsAt = new Date(clock.now().getTime() + 3 * DAY)): Promise<AppointmentBookedV1> {
    const e = appointmentBooked({ clientId: c.clientId, locationId: 'london', startsAt, bookedAt: clock.now() });
    await dataSource.transaction((m) => messages.booked(m, e, { id: randomUUID(), correlationId: randomUUID() }));
    await job.idle();
    return e;
  }

  async function rows(appointmentId: string): Promise<Row[]> {
    return (await dataSource.query(
      `SELECT id, kind, channel, status, attempts, message_key, failure_reason, failure_detail, provider_message_id, delivery_status, delivery_final, due_at
         FROM scheduled_message WHERE appointment_id = $1 ORDER BY kind, channel, resend_no`,
      [appointmentId],
    )) as Row[];
  }
  const one = async (appointmentId: string, kind: string, channel: string): Promise<Row> => {
    const found = (await rows(appointmentId)).filter((r) => r.kind === kind && r.channel === channel);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const smsTo = (phone: string | null) => sms.messages().filter((m) => m.to === phone);

  async function advance(ms: number): Promise<void> {
    clock.advance(ms);
    await job.idle();
  }

  const as = (role: 'front-desk' | 'location-manager' | 'therapist', locationId = 'london') => assertionKeys.signer.sign({ subject: `${role}@${locationId}`, role, locationId }, 'notification');

  it('book → the confirmation by e-mail in the catcher AND by SMS in the stand-in; the delivery report records the first final status', async () => {
    const c = await client();
    const e = await book(c);
    const byEmail = await one(e.appointmentId, 'booking-confirmed', 'email');
    const bySms = await one(e.appointmentId, 'booking-confirmed', 'sms');
    expect([byEmail.status, bySms.status]).toEqual(['sent', 'sent']);
    const mail = await waitFor(async () => (await readMailbox(env.mailboxDir)).find((m) => m.messageId === appointmentMessageId(byEmail.message_key)), { description: 'the confirmation e-mail' });
    expect(mail.to).toEqual([c.email]);
    expect(mail.text).toMatch(/\/unsubscribe\?token=/);
    expect(smsTo(c.phone)).toHaveLength(1);
    expect(smsTo(c.phone)[0].messageId).toBe(smsMessageId(bySms.message_key));
    expect(bySms.provider_message_id).toBe(smsMessageId(bySms.message_key));
    // Reminders go on the preferred channel only.
    expect((await rows(e.appointmentId)).filter((r) => r.kind.startsWith('reminder-')).map((r) => r.channel)).toEqual(['email', 'email']);

    await sms.settled();
    const delivered = await one(e.appointmentId, 'booking-confirmed', 'sms');
    expect(delivered).toMatchObject({ delivery_status: 'DELIVERED_TO_HANDSET', delivery_final: true });
    // A late intermediate report changes nothing; one without the webhook's credentials is refused.
    const pending = { results: [{ messageId: bySms.provider_message_id, to: c.phone?.slice(1), status: { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED' } }] };
    await request(baseUrl).post('/sms/delivery-reports').set('authorization', basicAuthorization(HOOKS)).send(pending).expect(200, { updated: 0 });
    await request(baseUrl).post('/sms/delivery-reports').send(pending).expect(401);
    await request(baseUrl).post('/sms/delivery-reports').set('authorization', basicAuthorization(HOOKS)).send({ results: 'x' }).expect(400);
    expect((await one(e.appointmentId, 'booking-confirmed', 'sms')).delivery_status).toBe('DELIVERED_TO_HANDSET');
  });

  it("a permanent SMS refusal (the stand-in's +1555000… range) is recorded with the provider's code and not retried", async () => {
    const c = await client({ phone: '+15550001234', preferred: 'sms' });
    const e = await book(c);
    const failed = await one(e.appointmentId, 'booking-confirmed', 'sms');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, failure_reason: 'recipient-rejected', failure_detail: 'REJECTED_DESTINATION' });
    await advance(10 * 60_000);
    expect(await one(e.appointmentId, 'booking-confirmed', 'sms')).toMatchObject({ status: 'failed', attempts: 1 });
    const [event] = (await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE type LIKE '%NotificationFailed%' AND payload::text LIKE '%' || $1 || '%'`, [failed.id])) as { n: number }[];
    expect(event.n).toBe(1);
  });

  it('a transient SMS failure is retried once with the backoff, then sent once', async () => {
    const c = await client({ phone: '+15550019999', preferred: 'sms' });
    const e = await book(c);
    expect(await one(e.appointmentId, 'booking-confirmed', 'sms')).toMatchObject({ status: 'scheduled', attempts: 1 });
    await advance(60_000);
    expect(await one(e.appointmentId, 'booking-confirmed', 'sms')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smsTo(c.phone).filter((m) => m.text.length > 0)).toHaveLength(1);
  });

  it('the same SMS is never sent twice: two workers at once, and a send repeated after a crash carries the same idempotency key', async () => {
    const c = await client({ preferred: 'sms' });
    const e = await book(c, new Date(clock.now().getTime() + 30 * HOUR));
    const reminder = await one(e.appointmentId, 'reminder-24h', 'sms');
    const workers = [app.get(SendDueMessagesService), app.get(SendDueMessagesService)];
    clock.advanceTo(reminder.due_at);
    await Promise.all(workers.map((w) => w.runDue(clock.now())));
    await job.idle();
    expect(await one(e.appointmentId, 'reminder-24h', 'sms')).toMatchObject({ status: 'sent', attempts: 1 });
    // A crash between the provider's answer and the commit: the row is due again and goes with the same messageId.
    await dataSource.query(`UPDATE scheduled_message SET status = 'scheduled', sent_at = NULL, provider_message_id = NULL WHERE id = $1`, [reminder.id]);
    await workers[0].runDue(clock.now());
    expect(sms.messages().filter((m) => m.messageId === smsMessageId(reminder.message_key))).toHaveLength(1);
  });

  it('STOP by reply: no further SMS to that client (a reminder due is failed opted-out); START: SMS again', async () => {
    const c = await client({ preferred: 'sms' });
    const first = await book(c, new Date(clock.now().getTime() + 30 * HOUR));
    const reminder = await one(first.appointmentId, 'reminder-24h', 'sms');
    await request(sms.url).post('/inbound').send({ from: c.phone, text: 'Stop' }).expect(202);
    const [pref] = (await dataSource.query(`SELECT sms_opt_out_via FROM client_preference WHERE client_id = $1`, [c.clientId])) as { sms_opt_out_via: string }[];
    expect(pref.sms_opt_out_via).toBe('stop-reply');

    const sentBefore = smsTo(c.phone).length;
    clock.advanceTo(reminder.due_at);
    await job.idle();
    expect(await one(first.appointmentId, 'reminder-24h', 'sms')).toMatchObject({ status: 'failed', failure_reason: 'unreachable', failure_detail: 'opted-out' });
    const second = await book(c);
    expect((await rows(second.appointmentId)).map((r) => r.channel)).not.toContain('sms');
    expect(smsTo(c.phone)).toHaveLength(sentBefore);

    await request(sms.url).post('/inbound').send({ from: c.phone, text: 'START' }).expect(202);
    const third = await book(c);
    expect(await one(third.appointmentId, 'booking-confirmed', 'sms')).toMatchObject({ status: 'sent' });
    expect(smsTo(c.phone)).toHaveLength(sentBefore + 1);
  });

  it("the e-mail's unsubscribe link: GET only asks, POST (the page's form or RFC 8058 one-click) opts out of e-mail; the due reminder is failed opted-out, the next go by SMS; a forged token changes nothing", async () => {
    const c = await client({ preferred: 'email' });
    const e = await book(c, new Date(clock.now().getTime() + 30 * HOUR));
    const confirmation = await one(e.appointmentId, 'booking-confirmed', 'email');
    const mail = await waitFor(async () => (await readMailbox(env.mailboxDir)).find((m) => m.messageId === appointmentMessageId(confirmation.message_key)), { description: 'the confirmation' });
    const link = /https?:\/\/\S+\/unsubscribe\?token=[^\s"<>]+/.exec(mail.text ?? '')?.[0] as string;
    expect(link).toBeDefined();
    // The same link in the RFC 8058 headers, as the catcher received them.
    expect(await oneClickHeadersOf(env.mailboxDir, mail)).toEqual({ listUnsubscribe: `<${link}>`, listUnsubscribePost: 'List-Unsubscribe=One-Click' });
    const token = new URL(link).searchParams.get('token') as string;
    const preference = async () => (await dataSource.query(`SELECT email_opted_out_at, email_opt_out_via FROM client_preference WHERE client_id = $1`, [c.clientId])) as Record<string, unknown>[];

    const forged = token.replace(/\.email\./, '.sms.');
    const refused = await request(baseUrl).get('/unsubscribe').query({ token: forged }).expect(400);
    expect(refused.text).toContain('This unsubscribe link is not valid');
    await request(baseUrl).post('/unsubscribe').query({ token: forged }).type('form').send('List-Unsubscribe=One-Click').expect(400);
    await request(baseUrl).post('/unsubscribe').expect(400);
    expect(await preference()).toHaveLength(0);

    // GET (a mail filter opening the link, or the client) asks and changes nothing, as often as it is opened.
    for (let i = 0; i < 2; i++) {
      const question = await request(baseUrl).get('/unsubscribe').query({ token }).expect(200);
      expect(question.headers['content-type']).toMatch(/^text\/html/);
      expect(question.headers['cache-control']).toBe('no-store');
      expect(question.text).toContain('<form method="post" action="?token=' + encodeURIComponent(token) + '">');
      expect(question.text).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
      expect(question.text).not.toMatch(/<script|<link|<img|src=|Lovelace/);
      expect(question.text).not.toContain(c.email);
    }
    expect(await preference()).toHaveLength(0);

    // RFC 8058 one-click, as a mail client sends it; the page's button posts the same; twice is once.
    const done = await request(baseUrl).post('/unsubscribe').query({ token }).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(done.text).toContain('Unsubscribed');
    expect(done.text).not.toContain(c.email);
    const [first] = await preference();
    expect(first).toMatchObject({ email_opt_out_via: 'unsubscribe-link' });
    await request(baseUrl).post(`/unsubscribe?token=${encodeURIComponent(token)}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(await preference()).toEqual([first]);
    const reminder = await one(e.appointmentId, 'reminder-24h', 'email');
    clock.advanceTo(reminder.due_at);
    await job.idle();
    expect(await one(e.appointmentId, 'reminder-24h', 'email')).toMatchObject({ status: 'failed', failure_detail: 'opted-out' });
    const next = await book(c);
    const channels = (await rows(next.appointmentId)).map((r) => `${r.kind}:${r.channel}`);
    expect(channels).toContain('reminder-24h:sms');
    expect(channels).not.toContain('reminder-24h:email');
    expect(channels).not.toContain('booking-confirmed:email');
  });

  it("the unsubscribe pages speak the client's language: their preference, else their contact's", async () => {
    const c = await client();
    await dataSource.query(`UPDATE contact SET language = 'fr' WHERE client_id = $1`, [c.clientId]);
    const token = unsubscribeToken(linkSecretFromEnv(), c.clientId, 'email');
    const fr = await request(baseUrl).get('/unsubscribe').query({ token }).expect(200);
    expect(fr.text).toContain('<html lang="fr">');
    expect(fr.text).toContain('Se désabonner');
    await dataSource.query(`INSERT INTO client_preference (client_id, language) VALUES ($1, 'en')`, [c.clientId]);
    const en = await request(baseUrl).post('/unsubscribe').query({ token }).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('You will receive no more e-mails from us.');
  });

  it('routes: front desk reads a client\'s messages (no bodies) and resends one as a new message; a therapist is refused', async () => {
    const c = await client();
    const e = await book(c);
    const list = await request(baseUrl).get(`/locations/london/clients/${c.clientId}/messages`).set(GATEWAY_ASSERTION_HEADER, as('front-desk')).expect(200);
    const items = list.body.items as Record<string, unknown>[];
    expect(items.map((m) => `${String(m['kind'])}:${String(m['channel'])}:${String(m['status'])}`)).toEqual(expect.arrayContaining(['booking-confirmed:email:sent', 'booking-confirmed:sms:sent']));
    expect(JSON.stringify(list.body)).not.toMatch(/Lovelace|@example\.test|\+4477/);
    await request(baseUrl).get(`/locations/london/clients/${c.clientId}/messages`).set(GATEWAY_ASSERTION_HEADER, as('therapist')).expect(403);
    await request(baseUrl).get(`/locations/london/clients/${c.clientId}/messages`).set(GATEWAY_ASSERTION_HEADER, as('front-desk', 'toronto')).expect(403);

    const original = await one(e.appointmentId, 'booking-confirmed', 'sms');
    const resent = await request(baseUrl).post(`/locations/london/clients/${c.clientId}/messages/${original.id}/resend`).set(GATEWAY_ASSERTION_HEADER, as('front-desk')).expect(202);
    expect(resent.body).toMatchObject({ resendOf: original.id, status: 'scheduled', channel: 'sms' });
    await job.idle();
    const both = (await rows(e.appointmentId)).filter((r) => r.kind === 'booking-confirmed' && r.channel === 'sms');
    expect(both.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(new Set(both.map((r) => r.message_key)).size).toBe(2);
    expect(smsTo(c.phone)).toHaveLength(2);
    const scheduled = (await rows(e.appointmentId)).find((r) => r.status === 'scheduled') as Row;
    await request(baseUrl).post(`/locations/london/clients/${c.clientId}/messages/${scheduled.id}/resend`).set(GATEWAY_ASSERTION_HEADER, as('front-desk')).expect(409);
  });

  it('preferences: PUT validated (a bad channel → 400 naming the field, nothing changed), then read back; quiet hours honoured by the next plan', async () => {
    const c = await client();
    const url = `/locations/london/clients/${c.clientId}/preferences`;
    const bad = await request(baseUrl).put(url).set(GATEWAY_ASSERTION_HEADER, as('front-desk')).send({ optedOut: ['fax'], quietHoursOptOut: false, language: 'fr' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((bad.body['invalid-params'] as { name: string }[]).map((p) => p.name)).toContain('optedOut');
    expect((await dataSource.query(`SELECT 1 FROM client_preference WHERE client_id = $1`, [c.clientId])) as unknown[]).toHaveLength(0);
    await request(baseUrl).put(url).set(GATEWAY_ASSERTION_HEADER, as('therapist')).send({ optedOut: [], quietHoursOptOut: true, language: 'fr' }).expect(403);

    const put = await request(baseUrl).put(url).set(GATEWAY_ASSERTION_HEADER, as('location-manager')).send({ optedOut: ['sms'], quietHoursOptOut: true, language: 'fr' }).expect(200);
    expect(put.body).toMatchObject({ channels: { email: { optedOut: false }, sms: { optedOut: true, via: 'front-desk' } }, quietHoursOptOut: true, language: 'fr' });
    const got = await request(baseUrl).get(url).set(GATEWAY_ASSERTION_HEADER, as('front-desk')).expect(200);
    expect(got.body).toEqual(put.body);
    await request(baseUrl).get(`/locations/london/clients/${randomUUID()}/preferences`).set(GATEWAY_ASSERTION_HEADER, as('front-desk')).expect(404);

    // A 06:30 London start: its 2 h reminder falls at 04:30, in quiet hours, and goes then only because the client chose so.
    const start = new Date('2026-03-10T06:30:00Z');
    const e = await book(c, start);
    const twoHours = await one(e.appointmentId, 'reminder-2h', 'email');
    expect(twoHours.due_at.toISOString()).toBe('2026-03-10T04:30:00.000Z');
  });
});
