import {
  ClearanceRequested,
  ClientContactRecorded,
  LicenceExpiring,
  SessionLogged,
  WaitlistSlotOffered,
  type ClearanceRequestedV1,
  type ClientContactRecordedV1,
  type EventDefinition,
  type LicenceExpiringV1,
  type SessionLoggedV1,
  type WaitlistSlotOfferedV1,
} from '@massage/contracts';
import { toKafkaMessage, type EventEnvelope } from '@massage/messaging';
import { appointmentMessageId } from '@massage/notification-domain';
import { afterCareAdvice, renderMessage, type Language } from '@massage/notification-templates';
import { ManualClock } from '@massage/platform';
import { generateAssertionKeyPair } from '@massage/platform-security';
import { readMailbox, waitFor, type MailSummary, type TestTopic } from '@massage/testing';
import type { INestApplication } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ScheduledMessageJob } from '../appointments/scheduled-message.job';
import { ClientContactErasedHandler } from '../handlers/client-contact-erased.handler';
import { ClientContactRecordedHandler } from '../handlers/client-contact-recorded.handler';
import { startNotificationTestApp, type NotificationTestApp } from '../testing/notification-test-app';
import { startNotificationTestEnv, type NotificationTestEnv } from '../testing/notification-test-env';
import { EventMessagesService } from './event-messages.service';

process.env['KAFKA_BROKERS'] ||= '127.0.0.1:9092';
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
const MONTREAL_MANAGER = `manager-${randomUUID().slice(0, 8)}@montreal.example`;
process.env['NOTIFICATION_LOCATION_MANAGERS'] = JSON.stringify({ montreal: { name: 'Marc Manager', email: MONTREAL_MANAGER } });

jest.setTimeout(120_000);

const HOUR = 3_600_000;

interface MessageRow {
  id: string;
  kind: string;
  status: string;
  due_at: Date;
  message_key: string;
  failure_reason: string | null;
  client_id: string | null;
}

/**
 * After-care, waitlist offers and licence-expiry notices against real PostgreSQL, SMTP (the refusing server
 * relaying to the mail catcher) and Kafka: each event makes one message, sent once, also when it is delivered again.
 * Time is a ManualClock: after-care held by quiet hours goes out when the test moves it.
 */
describe('event messages (PostgreSQL, SMTP, Kafka)', () => {
  const clock = new ManualClock('2026-02-02T12:00:00.000Z');
  let env: NotificationTestEnv;
  let test: NotificationTestApp;
  let app: INestApplication;
  let dataSource: DataSource;
  let messages: EventMessagesService;
  let job: ScheduledMessageJob;
  let topic: TestTopic;
  let producer: Producer;

  beforeAll(async () => {
    env = await startNotificationTestEnv('notif_event_messages', generateAssertionKeyPair('notification-event-messages-spec').publicKeysJson);
    test = await startNotificationTestApp('event-messages', clock, [SessionLogged, WaitlistSlotOffered, LicenceExpiring, ClearanceRequested, ClientContactRecorded] as EventDefinition<unknown>[]);
    ({ app, dataSource, job, topic, producer } = test);
    messages = app.get(EventMessagesService);
  });

  afterAll(async () => {
    await test?.close();
    await env?.close();
  });

  async function client(language: Language = 'en', locationId = 'london'): Promise<{ clientId: string; email: string }> {
    const clientId = randomUUID();
    const email = `client-${clientId.slice(0, 8)}@example.test`;
    await dataSource.query(
      `INSERT INTO contact (client_id, location_id, given_name, family_name, email, preferred_channel, recorded_at, language) VALUES ($1, $2, 'Ada', 'Lovelace', $3, 'email', now(), $4)`,
      [clientId, locationId, email, language],
    );
    return { clientId, email };
  }

  const envelopeOf = <P>(def: EventDefinition<P>, data: P, subject: string): EventEnvelope<P> => ({
    id: randomUUID(),
    type: def.type,
    source: '/massage/spec',
    time: clock.now().toISOString(),
    subject,
    correlationId: randomUUID(),
    data,
  });
  const trigger = () => ({ id: randomUUID(), correlationId: randomUUID() });

  function sessionLogged(c: { clientId: string }, locationId = 'london'): SessionLoggedV1 {
    return {
      appointmentId: randomUUID(),
      clientId: c.clientId,
      therapistId: randomUUID(),
      locationId,
      noteId: randomUUID(),
      startsAt: new Date(clock.now().getTime() - HOUR).toISOString(),
      signedAt: clock.now().toISOString(),
      work: [
        { technique: 'deep-tissue', region: 'lower-back', pressure: 'P4', minutes: 30 },
        { technique: 'swedish', region: 'left-calf', pressure: 'P2', minutes: 15 },
      ],
      pain: [{ region: 'lower-back', before: 7, after: 3 }],
      functionScores: [],
    } as SessionLoggedV1;
  }

  async function rowsFor(where: string, param: string): Promise<MessageRow[]> {
    return (await dataSource.query(`SELECT id, kind, status, due_at, message_key, failure_reason, client_id FROM scheduled_message WHERE ${where} = $1`, [param])) as MessageRow[];
  }

  async function mailsTo(address: string): Promise<MailSummary[]> {
    return (await readMailbox(env.mailboxDir)).filter((m) => m.to.includes(address));
  }

  async function oneMail(row: MessageRow, address: string): Promise<MailSummary> {
    const mail = await waitFor(async () => (await mailsTo(address)).find((m) => m.messageId === appointmentMessageId(row.message_key)), {
      timeoutMs: 10_000,
      description: `the ${row.kind} in the mail catcher`,
    });
    expect(await mailsTo(address)).toHaveLength(1);
    return mail;
  }

  /** Neither the note's numbers nor the codes of what was worked reach the client: only the templates' advice. */
  function expectNoClinicalDetail(mail: MailSummary): void {
    expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toMatch(/lower-back|left-calf|deep-tissue|swedish|\bP[0-9]\b|\b[0-9]+ ?min|\b7\b|\b3\b/i);
  }

  it('after-care through the consumer, delivered twice: one e-mail in the client\'s language with the advice for the work done', async () => {
    const c = await client('fr');
    const e = sessionLogged(c);
    const message = toKafkaMessage(envelopeOf(SessionLogged, e, e.clientId));
    await producer.send({ topic: topic.name, acks: -1, messages: [message, message] });
    const [row] = await waitFor(async () => {
      const rows = await rowsFor('client_id', c.clientId);
      return rows[0]?.status === 'sent' ? rows : undefined;
    }, { timeoutMs: 30_000, description: 'the after-care sent' });

    const mail = await oneMail(row, c.email);
    const expected = renderMessage('after-care', 'fr', {
      clientName: 'Ada',
      locationName: 'London Bridge',
      unsubscribeUrl: 'https://massage.example/x',
      advice: afterCareAdvice(e.work),
    });
    expect(mail.subject).toBe(expected.subject);
    expect(mail.text).toContain(expected.text.split('\n').find((l) => l.trim().length > 0 && !l.includes('Ada')));
    expectNoClinicalDetail(mail);
    expect(await rowsFor('client_id', c.clientId)).toHaveLength(1);
  });

  it('after-care signed in quiet hours waits until they end (08:00 local), then goes out once', async () => {
    clock.advanceTo(new Date('2026-02-03T21:30:00Z')); // 21:30 in London (GMT)
    const c = await client();
    await dataSource.transaction((m) => messages.sessionLogged(m, sessionLogged(c), trigger()));
    await job.idle();
    const [row] = await rowsFor('client_id', c.clientId);
    expect([row.status, row.due_at.toISOString()]).toEqual(['scheduled', '2026-02-04T08:00:00.000Z']);
    expect(await mailsTo(c.email)).toHaveLength(0);

    clock.advanceTo(new Date('2026-02-04T07:59:00Z'));
    await job.idle();
    expect((await rowsFor('client_id', c.clientId))[0].status).toBe('scheduled');

    clock.advanceTo(new Date('2026-02-04T08:00:00Z'));
    await job.idle();
    const [sent] = await rowsFor('client_id', c.clientId);
    expect(sent.status).toBe('sent');
    expectNoClinicalDetail(await oneMail(sent, c.email));
  });

  it('after-care to a client who opted out of e-mail is recorded failed (unreachable, opted-out), never sent', async () => {
    const c = await client();
    await dataSource.query(`INSERT INTO client_preference (client_id, email_opted_out_at, email_opt_out_via) VALUES ($1, now(), 'unsubscribe-link')`, [c.clientId]);
    await dataSource.transaction((m) => messages.sessionLogged(m, sessionLogged(c), trigger()));
    await job.idle();
    const [row] = (await dataSource.query(`SELECT status, failure_reason, failure_detail FROM scheduled_message WHERE client_id = $1`, [c.clientId])) as Record<string, string>[];
    expect(row).toEqual({ status: 'failed', failure_reason: 'unreachable', failure_detail: 'opted-out' });
    expect(await mailsTo(c.email)).toHaveLength(0);
  });

  function offer(c: { clientId: string }, startsAt: Date, expiresAt: Date): WaitlistSlotOfferedV1 {
    return {
      waitlistEntryId: randomUUID(),
      offerId: randomUUID(),
      locationId: 'toronto',
      clientId: c.clientId,
      serviceId: randomUUID(),
      therapistId: randomUUID(),
      roomId: randomUUID(),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      offeredAt: clock.now().toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
  }

  it('a waitlist offer through the consumer, delivered twice: one e-mail with the accept link and the deadline in the location\'s time, at any hour', async () => {
    clock.advanceTo(new Date('2026-02-05T03:00:00Z')); // 22:00 in Toronto: an offer does not wait for the morning
    const c = await client('en', 'toronto');
    const e = offer(c, new Date('2026-02-06T15:00:00Z'), new Date('2026-02-05T17:30:00Z'));
    const message = toKafkaMessage(envelopeOf(WaitlistSlotOffered, e, e.waitlistEntryId));
    await producer.send({ topic: topic.name, acks: -1, messages: [message, message] });
    const [row] = await waitFor(async () => {
      const rows = await rowsFor('client_id', c.clientId);
      return rows[0]?.status === 'sent' ? rows : undefined;
    }, { timeoutMs: 30_000, description: 'the offer sent' });

    const mail = await oneMail(row, c.email);
    expect(mail.text).toContain(`https://massage.example/waitlist/offers/${e.offerId}`);
    expect(mail.text).toContain('2026-02-05 12:30 (America/Toronto)'); // 17:30 UTC = 12:30 EST
    expect(mail.text).toContain('2026-02-06'); // the slot's local date
    expect(mail.text).toContain('10:00'); // 15:00 UTC = 10:00 EST
  });

  it('an offer whose hold ran out before it could be sent is not sent', async () => {
    const c = await client('en', 'toronto');
    await dataSource.query(`DELETE FROM contact WHERE client_id = $1`, [c.clientId]); // the contact lags: the offer waits
    const e = offer(c, new Date(clock.now().getTime() + 20 * HOUR), new Date(clock.now().getTime() + 30 * 60_000));
    await dataSource.transaction((m) => messages.waitlistSlotOffered(m, e, trigger()));
    await job.idle();
    expect((await rowsFor('client_id', c.clientId))[0].status).toBe('scheduled');

    clock.advanceTo(new Date(clock.now().getTime() + 31 * 60_000));
    await job.idle();
    expect((await rowsFor('client_id', c.clientId))[0].status).toBe('cancelled');
  });

  function licence(locationIds: string[]): LicenceExpiringV1 {
    return { therapistId: randomUUID(), jurisdiction: 'CA-ON', expiresOn: '2026-03-06', locationIds, noticedAt: clock.now().toISOString() };
  }

  it("a licence notice goes to each location's manager once (a recipient row, else the configured one); a location without one records it failed, no-recipient", async () => {
    const managerEmail = `manager-${randomUUID().slice(0, 8)}@example.test`;
    await dataSource.query(`INSERT INTO notification_recipient (location_id, role, name, email) VALUES ('toronto', 'manager', 'Mona Manager', $1)`, [managerEmail]);
    const e = licence(['toronto', 'london', 'montreal']);
    await dataSource.transaction((m) => messages.licenceExpiring(m, e, trigger()));
    await dataSource.transaction((m) => messages.licenceExpiring(m, e, trigger())); // the same notice again (a replay)
    await job.idle();

    const rows = (await dataSource.query(`SELECT id, kind, status, due_at, message_key, failure_reason, client_id, location_id FROM scheduled_message WHERE kind = 'licence-expiring' AND subject_key LIKE $1`, [
      `${e.therapistId}.%`,
    ])) as (MessageRow & { location_id: string })[];
    const byLocation = Object.fromEntries(rows.map((r) => [r.location_id, r]));
    expect(rows).toHaveLength(3);
    expect(byLocation['montreal'].status).toBe('sent');
    await oneMail(byLocation['montreal'], MONTREAL_MANAGER);
    expect([byLocation['london'].status, byLocation['london'].failure_reason]).toEqual(['failed', 'no-recipient']);
    expect(byLocation['toronto'].status).toBe('sent');
    const mail = await oneMail(byLocation['toronto'], managerEmail);
    expect(mail.text).toContain('CA-ON');
    expect(mail.text).toContain(e.therapistId);
  });

  describe('clearance letters', () => {
    function contactRecord(clientId: string, providers: ClientContactRecordedV1['clearanceProviders']): ClientContactRecordedV1 {
      return {
        clientId,
        locationId: 'london',
        givenName: 'Ada',
        familyName: 'Lovelace',
        email: `client-${clientId.slice(0, 8)}@example.test`,
        preferredChannel: 'email',
        recordedAt: new Date(clock.now().getTime() + ++records).toISOString(),
        dateOfBirth: '1985-12-10',
        ...(providers ? { clearanceProviders: providers } : {}),
      };
    }
    let records = 0;
    const requested = (clientId: string, clearanceId = randomUUID()): ClearanceRequestedV1 => ({
      clearanceId,
      clientId,
      locationId: 'london',
      rules: ['ONC_TX'],
      techniques: ['deep-tissue'],
      requestedAt: clock.now().toISOString(),
    });
    const ctx = (manager: unknown) => ({ manager }) as never;
    const recordContact = (c: ClientContactRecordedV1) => dataSource.transaction((m) => app.get(ClientContactRecordedHandler).handle(c, ctx(m)));
    const erase = (clientId: string) => dataSource.transaction((m) => app.get(ClientContactErasedHandler).handle({ clientId }, ctx(m)));
    async function advanceBy(ms: number): Promise<void> {
      clock.advanceTo(new Date(clock.now().getTime() + ms));
      await job.idle();
    }

    it('through the consumer, the request before the provider and delivered twice: one letter, to the provider, naming the client, the date of birth and the rule in words', async () => {
      const clientId = randomUUID();
      const e = requested(clientId);
      const providerEmail = `dr-${e.clearanceId.slice(0, 8)}@clinic.example`;
      const request = toKafkaMessage(envelopeOf(ClearanceRequested, e, clientId));
      await producer.send({ topic: topic.name, acks: -1, messages: [request, request] });
      const [waiting] = await waitFor(async () => {
        const rows = await rowsFor('client_id', clientId);
        return rows[0]?.status === 'scheduled' && (await dataSource.query(`SELECT attempts FROM scheduled_message WHERE id = $1`, [rows[0].id]))[0].attempts > 0 ? rows : undefined;
      }, { timeoutMs: 30_000, description: 'the letter waiting for its provider' });

      const contact = contactRecord(clientId, [{ clearanceId: e.clearanceId, name: 'Dr. Mary Somerville', email: providerEmail }]);
      await producer.send({ topic: topic.name, acks: -1, messages: [toKafkaMessage(envelopeOf(ClientContactRecorded, contact, clientId))] });
      await waitFor(async () => ((await dataSource.query(`SELECT 1 FROM clearance_provider WHERE clearance_id = $1`, [e.clearanceId])) as unknown[]).length > 0 || undefined, {
        timeoutMs: 30_000,
        description: 'the provider known',
      });
      await advanceBy(2 * 60_000); // the letter's retry
      const [sent] = await rowsFor('client_id', clientId);
      expect(sent.id).toBe(waiting.id);
      expect(sent.status).toBe('sent');

      const mail = await oneMail(sent, providerEmail);
      expect(mail.text).toContain('Dr. Mary Somerville');
      expect(mail.text).toContain('Ada Lovelace');
      expect(mail.text).toContain('1985-12-10');
      expect(mail.text).toContain('Cancer in active treatment (chemotherapy or radiation)');
      expect(mail.text).toContain(`https://massage.example/clearances/${e.clearanceId}/reply`);
      expect(`${mail.subject} ${mail.text}`).not.toMatch(/ONC_TX|deep-tissue/);
      expect(await mailsTo(contact.email as string)).toHaveLength(0);
    });

    it("erasure: a letter waiting for its provider is cancelled, and a request after the erasure is never sent", async () => {
      const clientId = randomUUID();
      const providerEmail = `dr-${clientId.slice(0, 8)}@clinic.example`;
      const later = randomUUID();
      await recordContact(contactRecord(clientId, undefined));
      await dataSource.transaction((m) => messages.clearanceRequested(m, requested(clientId), trigger()));
      await job.idle();
      expect((await rowsFor('client_id', clientId))[0].status).toBe('scheduled'); // no provider yet

      await erase(clientId);
      expect((await rowsFor('client_id', clientId)).map((r) => r.status)).toEqual(['cancelled']);

      // The provider's record, had it come before the erasure, went with the contact; a request after it finds none.
      await dataSource.transaction((m) => messages.clearanceRequested(m, requested(clientId, later), trigger()));
      for (let i = 0; i < 4; i++) await advanceBy(3 * 60_000);
      const statuses = (await rowsFor('client_id', clientId)).map((r) => [r.status, r.failure_reason]).sort();
      expect(statuses).toEqual([['cancelled', null], ['failed', 'retries-exhausted']]);
      expect(await mailsTo(providerEmail)).toHaveLength(0);
    });

    it('the provider and date of birth go with the erased contact', async () => {
      const clientId = randomUUID();
      const clearanceId = randomUUID();
      await recordContact(contactRecord(clientId, [{ clearanceId, name: 'Dr. Somerville', email: 'somerville@clinic.example' }]));
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM clearance_provider WHERE client_id = $1`, [clientId])).toEqual([{ n: 1 }]);
      await erase(clientId);
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM clearance_provider WHERE client_id = $1`, [clientId])).toEqual([{ n: 0 }]);
    });
  });
});
