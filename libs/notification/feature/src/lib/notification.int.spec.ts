import {
  ClientContactErased,
  ClientContactRecorded,
  deadLetterTopicName,
  IntakeCompleted,
  IntakeCompletedV2Event,
  NOTIFICATION_CONSUMER_GROUP,
  NOTIFICATION_EVENTS_TOPIC,
  NotificationSent,
  type ClientContactRecordedV1,
  type EventDefinition,
  type IntakeCompletedV1,
  type IntakeCompletedV2,
  type NotificationSentV1,
  kafkaSaslFromEnv,
} from '@massage/contracts';
import { DLQ_HEADERS, toKafkaMessage, type EventEnvelope, type ReliableKafkaTransport } from '@massage/messaging';
import { SKIP_REASONS, welcomeSmsMessageKey } from '@massage/notification-domain';
import { smsMessageId, startSmsCatcher, type SmsCatcher } from '@massage/notification-sms';
import { GATEWAY_ASSERTION_HEADER, generateAssertionKeyPair } from '@massage/platform-security';
import {
  collectTopic,
  createTestTopic,
  ensureTopics,
  readMailbox,
  testKafka,
  uniqueName,
  waitFor,
  waitForMail,
  type MailSummary,
  type TestTopic,
  type TopicCollector,
} from '@massage/testing';
import { ConsoleLogger, type INestApplication, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Kafka, logLevel, type Producer, type RecordMetadata } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { connectNotificationConsumer } from './notification.consumer';
import { NotificationModule } from './notification.module';
import { setChannelOptOut } from './preferences/client-preferences.store';
import { startNotificationTestEnv, type NotificationTestEnv } from './testing/notification-test-env';
import { oneClickHeadersOf } from './testing/one-click-headers';
import { type RefusalRule, type RefusingSmtpServer } from './testing/refusing-smtp-server';

// The documented local defaults (docs/architecture.md), when the shell did not source scripts/env.sh.
process.env['KAFKA_BROKERS'] ||= '127.0.0.1:9092';
process.env['PGHOST'] ||= '127.0.0.1';
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

/** The SMS stand-in's API key here (the service reads SMS_AUTH_TOKEN when the module is compiled). */
const SMS_API_KEY = 'notification-spec-sms-key';

/** The gateway's side of the trust: notification is given the public half; a front desk asks per location. */
const assertionKeys = generateAssertionKeyPair('notification-spec');

jest.setTimeout(90_000);

/**
 * The notification service against a real broker, a fresh database and a real SMTP server:
 * consumer topics, group and DLQ are unique per run; NotificationSent goes to the real
 * notification.events.v1 (the relay publishes by the catalogue) and is picked out by client id.
 * The service talks to a refusing SMTP server (refuses the addresses a test names, relays the rest
 * to the mail catcher, whose mailbox the tests read) and to an SMS stand-in started here on a free port. Everything the app logs is kept, to check that
 * no refused address ever reaches a log line.
 */
describe('notification service (Kafka, PostgreSQL, SMTP)', () => {
  let brokers: string[];
  let env: NotificationTestEnv;
  let mailboxDir: string;
  let smtp: RefusingSmtpServer;
  let intakeTopic: TestTopic;
  let contactTopic: TestTopic;
  /** `<group>.dlq`, created here as the catalogue's DLQ of the group would be (the transport does not create it). */
  let dlqTopic: string;
  let groupId: string;
  let sent: TopicCollector;
  let kafka: Kafka;
  let producer: Producer;
  let app: INestApplication;
  let sms: SmsCatcher;
  let smsOutbox: string;
  const deliveriesApi = (locationId: string): request.Test =>
    request(app.getHttpServer())
      .get(`/locations/${locationId}/deliveries`)
      .set(GATEWAY_ASSERTION_HEADER, assertionKeys.signer.sign({ subject: `front-desk@${locationId}`, role: 'front-desk', locationId }, 'notification'));
  let dataSource: DataSource;
  let transport: ReliableKafkaTransport;
  const logged: string[] = [];

  beforeAll(async () => {
    ({ brokers } = await testKafka());
    env = await startNotificationTestEnv('notif', assertionKeys.publicKeysJson);
    ({ mailboxDir, smtp } = env);
    smsOutbox = await mkdtemp(path.join(tmpdir(), 'notif-welcome-sms-'));
    sms = await startSmsCatcher({ outboxDir: smsOutbox, apiKey: SMS_API_KEY, deliveryReports: false });
    process.env['SMS_API_URL'] = sms.url;
    process.env['SMS_AUTH_TOKEN'] = SMS_API_KEY;

    groupId = uniqueName('notification');
    dlqTopic = deadLetterTopicName(groupId);
    [intakeTopic, contactTopic] = await Promise.all([
      createTestTopic(brokers, 'intake-events', { partitions: 2 }),
      createTestTopic(brokers, 'client-contact', { cleanupPolicy: 'compact' }),
    ]);
    await ensureTopics(brokers, [NOTIFICATION_EVENTS_TOPIC, { ...NOTIFICATION_CONSUMER_GROUP.deadLetterTopic, name: dlqTopic }]);
    sent = await collectTopic(brokers, NOTIFICATION_EVENTS_TOPIC.name);

    kafka = new Kafka({ clientId: 'notification-int-spec', brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();

    const moduleRef = await Test.createTestingModule({ imports: [NotificationModule] }).compile();
    app = moduleRef.createNestApplication({ logger: keepingLogger(logged) });
    transport = connectNotificationConsumer(app, {
      groupId,
      topics: [intakeTopic.name, contactTopic.name],
      definitions: [
        { ...IntakeCompleted, topic: intakeTopic.name },
        { ...IntakeCompletedV2Event, topic: intakeTopic.name },
        { ...ClientContactRecorded, topic: contactTopic.name },
        { ...ClientContactErased, topic: contactTopic.name },
      ] as unknown as EventDefinition<never>[],
      initialBackoffMs: 100,
      // A deferral (4xx) still goes through every attempt (8): a few seconds here, not a minute.
      maxBackoffMs: 1_000,
      consumerConfig: { maxWaitTimeInMs: 250 },
    });
    await app.startAllMicroservices();
    await app.init();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    await sent?.stop();
    const admin = kafka?.admin();
    if (admin) {
      await admin.connect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      if (dlqTopic) await admin.deleteTopics({ topics: [dlqTopic] }).catch(() => undefined);
      await admin.disconnect();
    }
    await Promise.all([intakeTopic?.drop(), contactTopic?.drop()]);
    await env?.close();
    await sms?.close();
    if (smsOutbox) await rm(smsOutbox, { recursive: true, force: true });
    delete process.env['SMS_API_URL'];
    delete process.env['SMS_AUTH_TOKEN'];
  });

  function envelope<P>(def: EventDefinition<P>, data: P, correlationId: string = randomUUID()): EventEnvelope<P> {
    return {
      id: randomUUID(),
      type: def.type,
      source: '/massage/intake',
      time: new Date().toISOString(),
      subject: def.key(data),
      correlationId,
      data,
    };
  }

  /** Publishes the client's contact details and waits until notification has stored them. */
  async function recordContact(contact: Partial<ClientContactRecordedV1> = {}): Promise<ClientContactRecordedV1> {
    const data = contactOf(contact);
    await producer.send({ topic: contactTopic.name, acks: -1, messages: [toKafkaMessage(envelope(ClientContactRecorded, data))] });
    await waitFor(async () => (await dataSource.query('SELECT 1 FROM contact WHERE client_id = $1', [data.clientId])).length > 0, {
      timeoutMs: 30_000,
      description: `contact ${data.clientId} stored`,
    });
    return data;
  }

  function contactOf(contact: Partial<ClientContactRecordedV1> = {}): ClientContactRecordedV1 {
    const clientId = contact.clientId ?? randomUUID();
    return {
      clientId,
      locationId: 'downtown-toronto',
      givenName: 'Ada',
      familyName: 'Lovelace',
      email: `ada.${clientId.slice(0, 8)}@example.com`,
      preferredChannel: 'email',
      recordedAt: new Date().toISOString(),
      ...contact,
    };
  }

  /** Produces one record and waits until the consumer group has committed past it (it was handled, not held for a retry). */
  async function produceAndWaitConsumed(topic: TestTopic, event: EventEnvelope<unknown>, copies = 1): Promise<void> {
    const record = toKafkaMessage(event);
    const meta = single(await producer.send({ topic: topic.name, acks: -1, messages: Array.from({ length: copies }, () => record) }), 'partition');
    await waitUntilConsumed(topic, meta, copies);
  }

  /** Waits until the group has committed past the `count` records starting at `meta.baseOffset`. */
  async function waitUntilConsumed(topic: TestTopic, meta: RecordMetadata, count: number): Promise<void> {
    const partition = meta.partition;
    const past = BigInt(meta.baseOffset ?? '0') + BigInt(count);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
          const committed = offsets?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
          return BigInt(committed) >= past;
        },
        { timeoutMs: 30_000, description: `${count} record(s) on ${topic.name}[${partition}] consumed` },
      );
    } finally {
      await admin.disconnect();
    }
  }

  async function mailsWithId(messageId: string): Promise<MailSummary[]> {
    return (await readMailbox(mailboxDir)).filter((m) => m.messageId === messageId);
  }

  async function dlqMessageCount(): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(dlqTopic);
      return offsets.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0);
    } finally {
      await admin.disconnect();
    }
  }

  function intakeOf(clientId: string, intakeId = randomUUID()): IntakeCompletedV2 {
    return {
      intakeId,
      clientId,
      locationId: 'downtown-toronto',
      formVersion: 'intake-2026-11',
      kind: 'full',
      previousIntakeId: null,
      completedAt: new Date().toISOString(),
      consentTextVersion: 'consent-2026-11',
      consentValidUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      conditions: [{ code: 'osteoporosis', regions: [], qualifiers: [] }],
      medicationClasses: ['anticoagulant'],
      symptomsToday: [],
      pregnancy: null,
      surgeries: [],
      fractures: [],
      devices: [],
      painReports: [{ region: 'lower-back', rating: 7 }],
      pressurePreference: 'P3',
    };
  }

  /** The deprecated v1 that intake publishes beside v2 for the same intake. */
  function intakeV1Of(v2: IntakeCompletedV2): IntakeCompletedV1 {
    return {
      intakeId: v2.intakeId,
      clientId: v2.clientId,
      locationId: v2.locationId,
      formVersion: v2.formVersion,
      completedAt: v2.completedAt,
      consentGivenAt: v2.completedAt,
      conditionCodes: ['osteoporosis'],
      medicationCodes: ['anticoagulant'],
      recentInjuryOrSurgery: false,
      painReports: v2.painReports,
      pressurePreference: 'medium',
      goalCount: 1,
    };
  }

  /** The one element of a list, failing the test otherwise. */
  function single<T>(items: readonly T[], what: string): T {
    if (items.length !== 1) throw new Error(`expected exactly one ${what}, got ${items.length}`);
    return items[0] as T;
  }

  async function deliveriesOf(clientId: string): Promise<Record<string, unknown>[]> {
    return dataSource.query('SELECT * FROM delivery WHERE client_id = $1 ORDER BY created_at', [clientId]);
  }

  it('welcomes a client by e-mail, records the delivery and publishes NotificationSent', async () => {
    const contact = await recordContact();
    const intake = envelope(IntakeCompletedV2Event, intakeOf(contact.clientId));
    await producer.send({ topic: intakeTopic.name, acks: -1, messages: [toKafkaMessage(intake)] });

    const messageId = `<welcome.${intake.id}@massage.example>`;
    const mail = await waitForMail(mailboxDir, (m) => m.messageId === messageId, 30_000);
    expect(mail.to).toEqual([contact.email]);
    expect(mail.from).toBe('care@massage.example');
    expect(mail.subject).toBe('Welcome to Downtown Toronto, Ada');
    expect(mail.text).toContain('Hello Ada,');
    expect(mail.html).toContain('<p>Hello Ada,</p>');
    // From the welcome template: every e-mail carries the client's signed unsubscribe link.
    expect(mail.text).toMatch(/\/unsubscribe\?token=[0-9a-f-]{36}\.email\./);
    // …and the RFC 8058 one-click headers with the same link, as the catcher received them.
    const link = /https?:\/\/\S+\/unsubscribe\?token=\S+/.exec(mail.text ?? '')?.[0];
    expect(await oneClickHeadersOf(mailboxDir, mail)).toEqual({ listUnsubscribe: `<${String(link)}>`, listUnsubscribePost: 'List-Unsubscribe=One-Click' });
    expect(`${mail.subject} ${mail.text}`).not.toMatch(/osteoporosis|anticoagulant|lower-back/i);

    const delivery = single(
      await waitFor(async () => {
        const rows = await deliveriesOf(contact.clientId);
        return rows.length > 0 ? rows : undefined;
      }),
      'delivery',
    );
    expect(delivery).toMatchObject({
      kind: 'welcome',
      channel: 'email',
      status: 'sent',
      triggered_by_event_id: intake.id,
      smtp_message_id: messageId,
      skip_reason: null,
    });

    const outbox: { id: string; headers: Record<string, string>; payload: NotificationSentV1 }[] = await dataSource.query(
      `SELECT id, headers, payload FROM outbox WHERE type = $1 AND key = $2`,
      [NotificationSent.type, contact.clientId],
    );
    const event = single(outbox, 'NotificationSent outbox row');
    expect(event.payload).toMatchObject({
      notificationId: delivery['id'],
      clientId: contact.clientId,
      locationId: 'downtown-toronto',
      kind: 'welcome',
      channel: 'email',
      triggeredBy: intake.id,
    });
    expect(event.headers).toMatchObject({ ce_causationid: intake.id, ce_correlationid: intake.correlationId });

    // The relay publishes it with CloudEvents binary-mode headers.
    const published = single(
      await sent.waitForMessages(1, { predicate: (m) => m.key === contact.clientId, timeoutMs: 30_000 }),
      'published NotificationSent',
    );
    expect(published.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: NotificationSent.type,
      ce_source: '/massage/notification',
      ce_subject: contact.clientId,
      ce_dataschema: `urn:massage:schema:${NotificationSent.type}`,
      ce_correlationid: intake.correlationId,
      ce_causationid: intake.id,
      'content-type': 'application/json',
    });
    expect(JSON.parse(published.value ?? '{}')).toEqual(event.payload);

    const res = await deliveriesApi('downtown-toronto').query({ clientId: contact.clientId }).expect(200);
    expect(res.body.items).toEqual([expect.objectContaining({ id: delivery['id'], status: 'sent', smtpMessageId: messageId })]);
    await deliveriesApi('downtown-toronto').query({ clientId: 'nope' }).expect(400);
    // Scoped to the location: another location sees nothing of this client; no assertion, no answer.
    expect((await deliveriesApi('uptown-ottawa').query({ clientId: contact.clientId }).expect(200)).body).toEqual({ items: [] });
    await request(app.getHttpServer()).get('/locations/downtown-toronto/deliveries').query({ clientId: contact.clientId }).expect(401);
  });

  it('deletes its copy of the contact when the tombstone of an erasure arrives, and dead-letters nothing', async () => {
    const contact = await recordContact();
    const before = await dlqMessageCount();
    // What intake's relay publishes for ClientContactErased: the key and CloudEvents headers, a null value.
    const tombstone = { ...toKafkaMessage(envelope(ClientContactErased, { clientId: contact.clientId })), value: null };
    const meta = single(await producer.send({ topic: contactTopic.name, acks: -1, messages: [tombstone] }), 'partition');
    await waitUntilConsumed(contactTopic, meta, 1);
    expect(await dataSource.query('SELECT 1 FROM contact WHERE client_id = $1', [contact.clientId])).toEqual([]);
    expect(await dlqMessageCount()).toBe(before);
  });

  it('sends one e-mail when the same IntakeCompleted is delivered twice', async () => {
    const contact = await recordContact({ givenName: 'Grace', familyName: 'Hopper' });
    const intake = envelope(IntakeCompletedV2Event, intakeOf(contact.clientId));
    // Both copies sit on one partition (same key); wait until the group has committed past the second.
    await produceAndWaitConsumed(intakeTopic, intake, 2);

    const messageId = `<welcome.${intake.id}@massage.example>`;
    const mails = (await readMailbox(mailboxDir)).filter((m) => m.messageId === messageId);
    expect(single(mails, 'welcome e-mail').text).toContain('Hello Grace,');
    expect(await deliveriesOf(contact.clientId)).toHaveLength(1);
    const inbox = await dataSource.query('SELECT event_id FROM inbox WHERE consumer_group = $1 AND event_id = $2', [groupId, intake.id]);
    expect(inbox).toHaveLength(1);
  });

  it('welcomes a client once: the v1 and v2 of one intake, and every later intake, send nothing more', async () => {
    const contact = await recordContact({ givenName: 'Katherine', familyName: 'Johnson' });
    const first = envelope(IntakeCompletedV2Event, intakeOf(contact.clientId));
    const firstV1 = envelope(IntakeCompleted, intakeV1Of(first.data), first.correlationId);
    // As intake's relay publishes them: v1 then v2 of the same intake, same key, one partition.
    const meta = single(
      await producer.send({ topic: intakeTopic.name, acks: -1, messages: [toKafkaMessage(firstV1), toKafkaMessage(first)] }),
      'partition',
    );
    await waitUntilConsumed(intakeTopic, meta, 2);
    const later = envelope(IntakeCompletedV2Event, { ...intakeOf(contact.clientId), previousIntakeId: first.data.intakeId });
    await produceAndWaitConsumed(intakeTopic, later);

    const welcome = single(await deliveriesOf(contact.clientId), 'delivery');
    expect(welcome).toMatchObject({ kind: 'welcome', status: 'sent', triggered_by_event_id: firstV1.id });
    const mails = (await readMailbox(mailboxDir)).filter((m) => m.to.includes(contact.email ?? ''));
    expect(single(mails, 'welcome e-mail').messageId).toBe(`<welcome.${firstV1.id}@massage.example>`);
    expect(await dataSource.query('SELECT client_id, delivery_id FROM client_welcome WHERE client_id = $1', [contact.clientId])).toEqual([
      { client_id: contact.clientId, delivery_id: welcome['id'] },
    ]);
    expect(await dataSource.query('SELECT 1 FROM outbox WHERE type = $1 AND key = $2', [NotificationSent.type, contact.clientId])).toHaveLength(1);
    // All three events were handled (in the inbox), not skipped unread.
    const handled = await dataSource.query('SELECT event_id FROM inbox WHERE consumer_group = $1 AND event_id = ANY($2)', [groupId, [firstV1.id, first.id, later.id]]);
    expect(handled).toHaveLength(3);
  });

  it('welcomes, after a v1 IntakeCompleted alone (published before intake moved to v2), once', async () => {
    const contact = await recordContact({ givenName: 'Dorothy', familyName: 'Vaughan' });
    const v1Only = envelope(IntakeCompleted, intakeV1Of(intakeOf(contact.clientId)));
    await produceAndWaitConsumed(intakeTopic, v1Only);
    await produceAndWaitConsumed(intakeTopic, envelope(IntakeCompletedV2Event, intakeOf(contact.clientId)));
    expect(single(await deliveriesOf(contact.clientId), 'delivery')).toMatchObject({ status: 'sent', triggered_by_event_id: v1Only.id });
    expect(await mailsWithId(`<welcome.${v1Only.id}@massage.example>`)).toHaveLength(1);
  });

  /** The client's welcome once settled (no longer awaiting the contact). */
  async function settledWelcome(clientId: string): Promise<Record<string, unknown>> {
    const rows = await waitFor(
      async () => {
        const found = await deliveriesOf(clientId);
        return found.some((r) => r['status'] !== 'awaiting-contact') ? found : undefined;
      },
      { timeoutMs: 30_000, description: `welcome for ${clientId} settled` },
    );
    return single(rows, 'delivery');
  }

  /** What the SMS stand-in received for a number. */
  const smsTo = (phone: string | undefined) => sms.messages().filter((m) => m.to === phone);

  /** The welcome went out by SMS only: one message in the stand-in under the welcome's key, no e-mail, NotificationSent on `sms`. */
  async function expectWelcomedBySms(contact: ClientContactRecordedV1, intake: EventEnvelope<unknown>, givenName: string): Promise<void> {
    const delivery = await settledWelcome(contact.clientId);
    expect(delivery).toMatchObject({ channel: 'sms', status: 'sent', smtp_message_id: null, skip_reason: null, triggered_by_event_id: intake.id });
    const [text] = smsTo(contact.phone).map((m) => {
      expect(m.messageId).toBe(smsMessageId(welcomeSmsMessageKey(intake.id)));
      return m.text;
    });
    expect(smsTo(contact.phone)).toHaveLength(1);
    expect(text).toBe(`Welcome to Downtown Toronto, ${givenName}! Thank you for completing your intake form. We look forward to seeing you. Reply STOP to opt out`);
    expect((await readMailbox(mailboxDir)).filter((m) => m.to.includes(String(contact.email)))).toEqual([]);
    const outbox: { payload: NotificationSentV1 }[] = await dataSource.query('SELECT payload FROM outbox WHERE type = $1 AND key = $2', [NotificationSent.type, contact.clientId]);
    expect(outbox.map((o) => o.payload)).toEqual([expect.objectContaining({ kind: 'welcome', channel: 'sms', triggeredBy: intake.id })]);
  }

  it('welcomes a client who chose SMS by SMS, not by e-mail', async () => {
    const contact = await recordContact({ preferredChannel: 'sms', phone: '+14165550100', givenName: 'Mary' });
    const intake = envelope(IntakeCompletedV2Event, intakeOf(contact.clientId));
    await produceAndWaitConsumed(intakeTopic, intake);
    await expectWelcomedBySms(contact, intake, 'Mary');
  });

  it('welcomes on the other channel when the preferred one has no address or is opted out, and skips, with the reason, when none is left', async () => {
    const noEmail = await recordContact({ email: undefined, phone: '+14165550101', givenName: 'Grace' });
    const noEmailIntake = envelope(IntakeCompletedV2Event, intakeOf(noEmail.clientId));
    await produceAndWaitConsumed(intakeTopic, noEmailIntake);
    await expectWelcomedBySms(noEmail, noEmailIntake, 'Grace');

    const smsOptedOut = await recordContact({ preferredChannel: 'sms', phone: '+14165550102', givenName: 'Joan' });
    await dataSource.transaction((m) => setChannelOptOut(m, smsOptedOut.clientId, 'sms', { at: new Date(), via: 'stop-reply' }));
    await produceAndWaitConsumed(intakeTopic, envelope(IntakeCompletedV2Event, intakeOf(smsOptedOut.clientId)));
    expect(await settledWelcome(smsOptedOut.clientId)).toMatchObject({ channel: 'email', status: 'sent' });
    expect(smsTo(smsOptedOut.phone)).toEqual([]);
    expect((await readMailbox(mailboxDir)).filter((m) => m.to.includes(String(smsOptedOut.email)))).toHaveLength(1);

    const neither = await recordContact({ phone: '+14165550103' });
    await dataSource.transaction(async (m) => {
      for (const channel of ['email', 'sms'] as const) await setChannelOptOut(m, neither.clientId, channel, { at: new Date(), via: 'front-desk' });
    });
    await produceAndWaitConsumed(intakeTopic, envelope(IntakeCompletedV2Event, intakeOf(neither.clientId)));
    expect(await settledWelcome(neither.clientId)).toMatchObject({ channel: 'email', status: 'skipped', skip_reason: SKIP_REASONS['opted-out'], sent_at: null });
    expect(smsTo(neither.phone)).toEqual([]);
    expect(await dataSource.query('SELECT 1 FROM outbox WHERE key = $1', [neither.clientId])).toEqual([]);
  });

  it('an SMS welcome the provider refuses: a blocklisted number is the STOP (opt-out recorded, skipped); an outage retries the event, one SMS', async () => {
    const blocked = await recordContact({ preferredChannel: 'sms', phone: '+15550021234', email: undefined });
    await produceAndWaitConsumed(intakeTopic, envelope(IntakeCompletedV2Event, intakeOf(blocked.clientId)));
    expect(await settledWelcome(blocked.clientId)).toMatchObject({ channel: 'sms', status: 'skipped', skip_reason: SKIP_REASONS['opted-out'] });
    expect(await dataSource.query('SELECT sms_opt_out_via FROM client_preference WHERE client_id = $1', [blocked.clientId])).toEqual([{ sms_opt_out_via: 'stop-reply' }]);
    expect(await dataSource.query('SELECT 1 FROM outbox WHERE key = $1', [blocked.clientId])).toEqual([]);

    // The stand-in answers this number's first request 500: the inbox transaction rolls back and the event comes again.
    const before = transport.getStats();
    const flaky = await recordContact({ preferredChannel: 'sms', phone: '+15550019999', givenName: 'Hedy' });
    const intake = envelope(IntakeCompletedV2Event, intakeOf(flaky.clientId));
    await produceAndWaitConsumed(intakeTopic, intake);
    await expectWelcomedBySms(flaky, intake, 'Hedy');
    expect(transport.getStats().retries - before.retries).toBeGreaterThanOrEqual(1);
    expect(await dlqMessageCount()).toBe(0);
  });

  it('keeps the welcome waiting when IntakeCompleted arrives before the contact, and sends it once the contact arrives', async () => {
    const before = transport.getStats();
    const clientId = randomUUID();
    const intake = envelope(IntakeCompletedV2Event, intakeOf(clientId));
    const messageId = `<welcome.${intake.id}@massage.example>`;

    // IntakeCompleted first: handled and committed at once (the group moves past it), nothing sent yet.
    await produceAndWaitConsumed(intakeTopic, intake);
    const pending = single(await deliveriesOf(clientId), 'pending welcome');
    expect(pending).toMatchObject({
      kind: 'welcome',
      status: 'awaiting-contact',
      channel: null,
      triggered_by_event_id: intake.id,
      correlation_id: intake.correlationId,
      smtp_message_id: null,
      sent_at: null,
      skip_reason: null,
    });
    expect(await mailsWithId(messageId)).toEqual([]);
    expect(await dataSource.query('SELECT 1 FROM outbox WHERE key = $1', [clientId])).toEqual([]);
    const waiting = await deliveriesApi('downtown-toronto').query({ clientId }).expect(200);
    expect(waiting.body.items).toEqual([expect.objectContaining({ id: pending['id'], status: 'awaiting-contact', channel: null, sentAt: null })]);

    // Then the contact: the waiting welcome goes out, in the contact event's transaction.
    const contact = await recordContact({ clientId, givenName: 'Katherine', familyName: 'Johnson' });
    const mail = await waitForMail(mailboxDir, (m) => m.messageId === messageId, 30_000);
    expect(mail.to).toEqual([contact.email]);
    expect(mail.subject).toBe('Welcome to Downtown Toronto, Katherine');
    expect(mail.text).toContain('Hello Katherine,');

    const delivery = single(await deliveriesOf(clientId), 'delivery');
    expect(delivery).toMatchObject({
      id: pending['id'],
      kind: 'welcome',
      channel: 'email',
      status: 'sent',
      triggered_by_event_id: intake.id,
      smtp_message_id: messageId,
      skip_reason: null,
    });
    expect(delivery['sent_at']).not.toBeNull();

    const outbox: { id: string; headers: Record<string, string>; payload: NotificationSentV1 }[] = await dataSource.query(
      `SELECT id, headers, payload FROM outbox WHERE type = $1 AND key = $2`,
      [NotificationSent.type, clientId],
    );
    const event = single(outbox, 'NotificationSent outbox row');
    expect(event.payload).toMatchObject({ notificationId: pending['id'], clientId, kind: 'welcome', channel: 'email', triggeredBy: intake.id });
    const published = single(
      await sent.waitForMessages(1, { predicate: (m) => m.key === clientId, timeoutMs: 30_000 }),
      'published NotificationSent',
    );
    expect(published.headers).toMatchObject({ ce_id: event.id, ce_causationid: intake.id, ce_correlationid: intake.correlationId });

    expect(await mailsWithId(messageId)).toHaveLength(1);
    const after = transport.getStats();
    expect(after.retries - before.retries).toBe(0);
    expect(after.deadLettered - before.deadLettered).toBe(0);
    expect(await dlqMessageCount()).toBe(0);
  });

  it('has no second effect when either event of a welcome completed by its contact is delivered again', async () => {
    const clientId = randomUUID();
    const intake = envelope(IntakeCompletedV2Event, intakeOf(clientId));
    const contactEvent = envelope(ClientContactRecorded, contactOf({ clientId, givenName: 'Dorothy' }));
    const messageId = `<welcome.${intake.id}@massage.example>`;

    await produceAndWaitConsumed(intakeTopic, intake, 2);
    expect(single(await deliveriesOf(clientId), 'pending welcome')).toMatchObject({ status: 'awaiting-contact' });
    await produceAndWaitConsumed(contactTopic, contactEvent, 2);
    expect(single(await mailsWithId(messageId), 'welcome e-mail').text).toContain('Hello Dorothy,');

    // Redeliveries the inbox does not catch (as with a new consumer group id): the unique trigger on
    // `delivery` holds across both paths.
    await dataSource.query('DELETE FROM inbox WHERE consumer_group = $1 AND event_id = ANY($2)', [groupId, [intake.id, contactEvent.id]]);
    await produceAndWaitConsumed(intakeTopic, intake);
    await produceAndWaitConsumed(contactTopic, contactEvent);

    expect(await mailsWithId(messageId)).toHaveLength(1);
    expect(single(await deliveriesOf(clientId), 'delivery')).toMatchObject({ status: 'sent', triggered_by_event_id: intake.id });
    expect(await dataSource.query('SELECT 1 FROM outbox WHERE key = $1', [clientId])).toHaveLength(1);
    expect(await dlqMessageCount()).toBe(0);
  });

  it('sends a waiting welcome by SMS when the contact that arrives chose SMS', async () => {
    const clientId = randomUUID();
    const intake = envelope(IntakeCompletedV2Event, intakeOf(clientId));
    await produceAndWaitConsumed(intakeTopic, intake);
    expect(single(await deliveriesOf(clientId), 'pending welcome')).toMatchObject({ status: 'awaiting-contact' });

    const contact = await recordContact({ clientId, preferredChannel: 'sms', phone: '+14165550104', givenName: 'Mary' });
    await expectWelcomedBySms(contact, intake, 'Mary');
  });

  it('sends exactly one welcome when IntakeCompleted and the contact arrive together', async () => {
    const clientIds = Array.from({ length: 5 }, () => randomUUID());
    const intakes = clientIds.map((clientId) => envelope(IntakeCompletedV2Event, intakeOf(clientId)));
    await Promise.all([
      producer.send({ topic: intakeTopic.name, acks: -1, messages: intakes.map((e) => toKafkaMessage(e)) }),
      producer.send({
        topic: contactTopic.name,
        acks: -1,
        messages: clientIds.map((clientId) => toKafkaMessage(envelope(ClientContactRecorded, contactOf({ clientId })))),
      }),
    ]);
    for (const intake of intakes) {
      const [delivery] = await waitFor(async () => {
        const rows = await deliveriesOf(intake.data.clientId);
        return rows.some((r) => r['status'] !== 'awaiting-contact') ? rows : undefined;
      }, { timeoutMs: 30_000, description: `welcome for ${intake.data.clientId} settled` });
      expect(delivery).toMatchObject({ status: 'sent', triggered_by_event_id: intake.id });
      expect(await deliveriesOf(intake.data.clientId)).toHaveLength(1);
    }
    for (const intake of intakes) expect(await mailsWithId(`<welcome.${intake.id}@massage.example>`)).toHaveLength(1);
    expect(await dlqMessageCount()).toBe(0);
  });

  /** A unique address the SMTP server refuses as `rule` says (its reply quotes the address, as real servers' do). */
  function refusedAddress(label: string, rule: RefusalRule): string {
    const address = `${label}.${randomUUID().slice(0, 8)}@example.com`;
    smtp.refuse(address, rule);
    return address;
  }

  /** How many times the SMTP server refused `address`: one per attempt to send to it. */
  function refusalsOf(address: string): number {
    return smtp.refusals.filter((r) => r.address === address).length;
  }

  /** No log line (any level, stacks included) names the address: servers quote it, we must not repeat it. */
  function expectNeverLogged(address: string): void {
    const local = address.slice(0, address.indexOf('@'));
    expect(logged.filter((line) => line.includes(local))).toEqual([]);
  }

  it('records a welcome the SMTP server refuses for good (550) as failed, at the first attempt, and publishes nothing', async () => {
    const before = transport.getStats();
    const email = refusedAddress('gone', { at: 'RCPT TO', code: 550 });
    const contact = await recordContact({ email, givenName: 'Emmy', familyName: 'Noether' });
    const intake = envelope(IntakeCompletedV2Event, intakeOf(contact.clientId));

    // The group commits past the record: it is handled, not held for retries.
    await produceAndWaitConsumed(intakeTopic, intake);
    expect(single(await deliveriesOf(contact.clientId), 'delivery')).toMatchObject({
      kind: 'welcome',
      channel: 'email',
      status: 'failed',
      failure_reason: 'recipient-rejected',
      failure_smtp_code: 550,
      skip_reason: null,
      sent_at: null,
      smtp_message_id: null,
      triggered_by_event_id: intake.id,
    });
    expect(refusalsOf(email)).toBe(1);
    const after = transport.getStats();
    expect(after.retries - before.retries).toBe(0);
    expect(after.deadLettered - before.deadLettered).toBe(0);
    expect(await dlqMessageCount()).toBe(0);
    // No NotificationSent (and no failure event: the catalogue has none yet).
    expect(await dataSource.query('SELECT 1 FROM outbox WHERE key = $1', [contact.clientId])).toEqual([]);
    expect((await readMailbox(mailboxDir)).filter((m) => m.to.includes(email))).toEqual([]);

    const res = await deliveriesApi('downtown-toronto').query({ clientId: contact.clientId }).expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ status: 'failed', channel: 'email', failureReason: 'recipient-rejected', failureSmtpCode: 550, sentAt: null }),
    ]);
    expectNeverLogged(email);
  });

  it('keeps the contact whose waiting welcome the server refuses for good, welcomes nobody twice, and goes on sending', async () => {
    const before = transport.getStats();
    const clientId = randomUUID();
    const email = refusedAddress('moved', { at: 'RCPT TO', code: 550 });
    const intake = envelope(IntakeCompletedV2Event, intakeOf(clientId));
    await produceAndWaitConsumed(intakeTopic, intake);
    const pending = single(await deliveriesOf(clientId), 'pending welcome');
    expect(pending).toMatchObject({ status: 'awaiting-contact' });

    // The contact settles the waiting welcome, which the server refuses: the welcome fails, and the
    // contact event commits (not retried, not dead-lettered), so its upsert stays.
    const contactEvent = envelope(ClientContactRecorded, contactOf({ clientId, email, givenName: 'Lise', familyName: 'Meitner' }));
    await produceAndWaitConsumed(contactTopic, contactEvent);
    expect(await dataSource.query('SELECT email, given_name FROM contact WHERE client_id = $1', [clientId])).toEqual([
      { email, given_name: 'Lise' },
    ]);
    expect(single(await deliveriesOf(clientId), 'delivery')).toMatchObject({
      id: pending['id'],
      status: 'failed',
      channel: 'email',
      failure_reason: 'recipient-rejected',
      failure_smtp_code: 550,
      sent_at: null,
    });
    expect(await dataSource.query('SELECT 1 FROM inbox WHERE consumer_group = $1 AND event_id = $2', [groupId, contactEvent.id])).toHaveLength(1);
    expect(refusalsOf(email)).toBe(1);

    // The client has had their welcome (it failed for good): a later intake records and sends nothing.
    const later = envelope(IntakeCompletedV2Event, { ...intakeOf(clientId), previousIntakeId: intake.data.intakeId });
    await produceAndWaitConsumed(intakeTopic, later);
    expect(await deliveriesOf(clientId)).toHaveLength(1);
    expect(refusalsOf(email)).toBe(1);

    const after = transport.getStats();
    expect(after.retries - before.retries).toBe(0);
    expect(after.deadLettered - before.deadLettered).toBe(0);
    expect(await dlqMessageCount()).toBe(0);
    expect(await dataSource.query('SELECT 1 FROM outbox WHERE key = $1', [clientId])).toEqual([]);
    expectNeverLogged(email);

    // The consumer went on: another client's welcome still goes out.
    const other = await recordContact({ givenName: 'Chien-Shiung', familyName: 'Wu' });
    const otherIntake = envelope(IntakeCompletedV2Event, intakeOf(other.clientId));
    await producer.send({ topic: intakeTopic.name, acks: -1, messages: [toKafkaMessage(otherIntake)] });
    const mail = await waitForMail(mailboxDir, (m) => m.messageId === `<welcome.${otherIntake.id}@massage.example>`, 30_000);
    expect(mail.to).toEqual([other.email]);
    const [sentWelcome] = await waitFor(async () => {
      const found = await deliveriesOf(other.clientId);
      return found.some((r) => r['status'] !== 'awaiting-contact') ? found : undefined;
    }, { timeoutMs: 30_000 });
    expect(sentWelcome).toMatchObject({ status: 'sent', failure_reason: null, failure_smtp_code: null });
  });

  it('retries a deferral (451) with an error that names no address, and sends once the server takes the mail', async () => {
    const before = transport.getStats();
    const email = refusedAddress('greylisted', { at: 'RCPT TO', code: 451, times: 2 });
    const contact = await recordContact({ email });
    const intake = envelope(IntakeCompletedV2Event, intakeOf(contact.clientId));
    await producer.send({ topic: intakeTopic.name, acks: -1, messages: [toKafkaMessage(intake)] });

    const mail = await waitForMail(mailboxDir, (m) => m.messageId === `<welcome.${intake.id}@massage.example>`, 30_000);
    expect(mail.to).toEqual([email]);
    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesOf(contact.clientId);
      return rows.length > 0 ? rows : undefined;
    }, { timeoutMs: 30_000 });
    expect(delivery).toMatchObject({ status: 'sent', failure_reason: null });
    expect(refusalsOf(email)).toBe(2);
    const after = transport.getStats();
    expect(after.retries - before.retries).toBe(2);
    expect(after.deadLettered - before.deadLettered).toBe(0);
    expect(logged.some((line) => line.includes('SMTP temporarily unavailable (451 at RCPT TO)'))).toBe(true);
    expectNeverLogged(email);
  });

  // Last: it leaves a record on the DLQ, which the tests above check is empty.
  it('dead-letters a welcome the server keeps deferring, with a dlq_error that names no address, and keeps nothing of it', async () => {
    const before = transport.getStats();
    const email = refusedAddress('full', { at: 'RCPT TO', code: 452 });
    const contact = await recordContact({ email });
    const intake = envelope(IntakeCompletedV2Event, intakeOf(contact.clientId));
    const dead = await collectTopic(brokers, dlqTopic, { fromBeginning: true });
    try {
      await producer.send({ topic: intakeTopic.name, acks: -1, messages: [toKafkaMessage(intake)] });
      const record = single(
        await dead.waitForMessages(1, { predicate: (m) => m.headers['ce_id'] === intake.id, timeoutMs: 60_000 }),
        'dead letter',
      );
      expect(record.headers).toMatchObject({
        [DLQ_HEADERS.reason]: 'handler-failed',
        [DLQ_HEADERS.error]: 'SMTP temporarily unavailable (452 at RCPT TO)',
        [DLQ_HEADERS.attempts]: '8',
        [DLQ_HEADERS.consumerGroup]: groupId,
      });
      expect(JSON.stringify(record)).not.toContain(email.slice(0, email.indexOf('@')));
    } finally {
      await dead.stop();
    }
    expect(refusalsOf(email)).toBe(8);
    const after = transport.getStats();
    expect(after.retries - before.retries).toBe(7);
    expect(after.deadLettered - before.deadLettered).toBe(1);
    // Rolled back with the record: replaying it from the DLQ records and sends the welcome.
    expect(await deliveriesOf(contact.clientId)).toEqual([]);
    expectNeverLogged(email);
  });
});

/** Keeps every line the app logs (every level, stacks included) and prints warnings and errors as before. */
function keepingLogger(lines: string[]): LoggerService {
  const printer = new ConsoleLogger({ logLevels: ['error', 'warn'] });
  const keep = (args: unknown[]): void => {
    lines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  };
  return {
    log: (...args: unknown[]) => keep(args),
    debug: (...args: unknown[]) => keep(args),
    verbose: (...args: unknown[]) => keep(args),
    warn: (message: unknown, ...rest: unknown[]) => {
      keep([message, ...rest]);
      printer.warn(message, ...rest);
    },
    error: (message: unknown, ...rest: unknown[]) => {
      keep([message, ...rest]);
      printer.error(message, ...rest);
    },
    fatal: (message: unknown, ...rest: unknown[]) => {
      keep([message, ...rest]);
      printer.fatal(message, ...rest);
    },
  };
}
