import { randomUUID } from 'node:crypto';
import {
  AppointmentBooked,
  AUDIT_TOPIC,
  ClearanceRecorded,
  ClearanceRevoked,
  ClientRegistered,
  SCHEDULING_APPOINTMENTS_TOPIC,
  SCHEDULING_LOCATIONS_TOPIC,
  SCHEDULING_THERAPISTS_TOPIC,
  ScreeningCompleted,
  kafkaSaslFromEnv,
  type EventDefinition,
  type ScreeningCompletedV1,
} from '@massage/contracts';
import { toKafkaMessage, type EventEnvelope } from '@massage/messaging';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { AppointmentResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { collectTopic, createTestTopic, ensureTopics, testKafka, uniqueName, waitFor, type TestTopic, type TopicCollector } from '@massage/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { openTestLocation, SchedulingCaller, startSchedulingTestApp, type SchedulingTestApp, type TestCalendar } from './testing/scheduling-test-app';

process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
jest.setTimeout(120_000);

const HOME = 'downtown-toronto';
const keys = generateAssertionKeyPair('scheduling-kafka-spec');
const desk: Actor = { subject: 'desk-1', role: 'front-desk', locationId: HOME };

/**
 * Scheduling against a real broker: the relay publishes AppointmentBooked to the catalogue's appointments topic
 * (picked out by its key), and the eligibility projection is fed by intake's events produced to a topic of this
 * run through the reliable consumer (inbox). A screening that arrives after a booking request: refused
 * `screening-pending`, then bookable.
 */
describe('scheduling with Kafka (relay, eligibility consumer)', () => {
  let t: SchedulingTestApp;
  let api: SchedulingCaller;
  let calendar: TestCalendar;
  let intakeTopic: TestTopic;
  let booked: TopicCollector;
  let producer: Producer;
  let groupId: string;
  let kafka: Kafka;

  beforeAll(async () => {
    const { brokers } = await testKafka();
    await ensureTopics(brokers, [SCHEDULING_APPOINTMENTS_TOPIC, SCHEDULING_THERAPISTS_TOPIC, SCHEDULING_LOCATIONS_TOPIC, AUDIT_TOPIC]);
    intakeTopic = await createTestTopic(brokers, 'intake-events', { partitions: 2 });
    booked = await collectTopic(brokers, SCHEDULING_APPOINTMENTS_TOPIC.name);
    kafka = new Kafka({ clientId: 'scheduling-kafka-spec', brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    groupId = uniqueName('scheduling');
    const onTestTopic = (def: EventDefinition<never>) => ({ ...def, topic: intakeTopic.name });
    t = await startSchedulingTestApp('sched_kafka', {
      gatewayPublicKeysJson: keys.publicKeysJson,
      now: '2026-03-02T15:00:00Z',
      relay: true,
      consumer: {
        brokers,
        groupId,
        topics: [intakeTopic.name],
        definitions: [ClientRegistered, ScreeningCompleted, ClearanceRecorded, ClearanceRevoked].map((d) => onTestTopic(d as EventDefinition<never>)) as unknown as EventDefinition<never>[],
        createDlqTopic: { partitions: 1 },
        initialBackoffMs: 100,
        consumerConfig: { maxWaitTimeInMs: 250 },
      },
    });
    api = new SchedulingCaller(t.baseUrl, keys.signer);
    calendar = await openTestLocation(api, HOME);
  });

  afterAll(async () => {
    await t?.close();
    await producer?.disconnect();
    await booked?.stop();
    const admin = kafka?.admin();
    if (admin) {
      await admin.connect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.deleteTopics({ topics: [`${groupId}.dlq`] }).catch(() => undefined);
      await admin.disconnect();
    }
    await intakeTopic?.drop();
  });

  /** Publishes an intake event as intake's relay would (CloudEvents headers, keyed by client). */
  async function publish<P>(def: EventDefinition<P>, data: P): Promise<void> {
    const envelope: EventEnvelope<P> = { id: randomUUID(), type: def.type, source: '/massage/intake', time: new Date().toISOString(), subject: def.key(data), correlationId: randomUUID(), data };
    await producer.send({ topic: intakeTopic.name, acks: -1, messages: [toKafkaMessage(envelope)] });
  }

  const projected = (sql: string, params: unknown[], description: string) =>
    waitFor(async () => (await t.pg.query(sql, params)).rows.length > 0, { timeoutMs: 30_000, description });

  const screening = (clientId: string, over: Partial<ScreeningCompletedV1> = {}): ScreeningCompletedV1 => ({
    screeningId: randomUUID(),
    clientId,
    locationId: HOME,
    intakeId: randomUUID(),
    tableVersion: '2026.1',
    asOf: '2026-03-02T14:00:00.000Z',
    trigger: 'intake',
    outcome: 'cleared',
    restrictions: [],
    reAskEveryVisit: [],
    ...over,
  });

  const book = (clientId: string, startsAt: string) =>
    api.post(desk, `/locations/${HOME}/appointments`, {
      clientId,
      therapistId: calendar.therapistId,
      serviceId: calendar.serviceId,
      startsAt,
      techniques: ['swedish'],
      focusRegions: ['neck'],
      pressure: 'P2',
    });

  it('refuses a client whose screening has not arrived (screening-pending), books once it has, and publishes AppointmentBooked keyed by the appointment', async () => {
    const clientId = randomUUID();
    await publish(ClientRegistered, { clientId, locationId: HOME, registeredAt: '2026-03-01T10:00:00.000Z', preferredChannel: 'email' });
    await projected(`SELECT 1 FROM client_registration WHERE client_id = $1`, [clientId], 'ClientRegistered projected');

    const pending = await book(clientId, '2026-03-10T10:00:00-04:00');
    expect([pending.status, pending.body.type]).toEqual([422, 'https://massage.example/problems/screening-pending']);

    await publish(ScreeningCompleted, screening(clientId));
    await projected(`SELECT 1 FROM client_screening WHERE client_id = $1`, [clientId], 'ScreeningCompleted projected');
    const res = await book(clientId, '2026-03-10T10:00:00-04:00');
    expect(res.status).toBe(201);
    const appointment = res.body as AppointmentResponse;

    const [message] = await booked.waitForMessages(1, { predicate: (m) => m.key === appointment.id, timeoutMs: 30_000 });
    expect(message?.headers).toMatchObject({ ce_type: AppointmentBooked.type, ce_source: '/massage/scheduling', ce_subject: appointment.id });
    expect(JSON.parse(message?.value ?? '{}')).toMatchObject({ appointmentId: appointment.id, clientId, therapistId: calendar.therapistId, startsAt: '2026-03-10T14:00:00.000Z' });
  });

  it('keeps the latest screening: a deferral refuses the next booking, and an older screening replayed after it does not undo it', async () => {
    const clientId = randomUUID();
    await publish(ScreeningCompleted, screening(clientId, { asOf: '2026-03-02T14:00:00.000Z', outcome: 'deferred', restrictions: [{ rule: 'DVT_ACT', kind: 'ABSOLUTE', techniques: 'all', regions: 'all', positioning: [] }] }));
    await publish(ScreeningCompleted, screening(clientId, { asOf: '2026-02-01T14:00:00.000Z' }));
    // The same partition (same key) keeps order: once a later event of this client is projected, both above were applied.
    await publish(ClientRegistered, { clientId, locationId: HOME, registeredAt: '2026-03-01T10:00:00.000Z', preferredChannel: 'email' });
    await projected(`SELECT 1 FROM client_registration WHERE client_id = $1`, [clientId], "the client's events applied");
    expect((await t.pg.query(`SELECT outcome FROM client_screening WHERE client_id = $1`, [clientId])).rows).toEqual([{ outcome: 'deferred' }]);
    const res = await book(clientId, '2026-03-10T12:00:00-04:00');
    expect([res.status, res.body.type]).toEqual([422, 'https://massage.example/problems/deferred']);
  });

  it('books past a clearance restriction while its clearance is recorded, and refuses clearance-required once it is revoked', async () => {
    const clientId = randomUUID();
    const clearanceId = randomUUID();
    await publish(ClearanceRecorded, {
      clearanceId,
      clientId,
      locationId: HOME,
      rules: ['ONC_TX'],
      techniques: 'all',
      sites: 'all',
      positioning: [],
      requested: false,
      recordedAt: '2026-03-01T10:00:00.000Z',
      expiresAt: '2026-06-01T00:00:00.000Z',
    });
    await publish(
      ScreeningCompleted,
      screening(clientId, { outcome: 'restricted', restrictions: [{ rule: 'ONC_TX', kind: 'CLEARANCE', techniques: 'all', regions: 'all', positioning: [], satisfiedBy: clearanceId }] }),
    );
    await projected(`SELECT 1 FROM client_screening WHERE client_id = $1`, [clientId], 'screening with its clearance projected');
    expect((await book(clientId, '2026-03-11T10:00:00-04:00')).status).toBe(201);

    await publish(ClearanceRevoked, { clearanceId, clientId, locationId: HOME, rules: ['ONC_TX'], reason: 'provider-withdrew', revokedAt: '2026-03-02T12:00:00.000Z' });
    await projected(`SELECT 1 FROM client_clearance WHERE clearance_id = $1 AND status = 'revoked'`, [clearanceId], 'revocation projected');
    const res = await book(clientId, '2026-03-12T10:00:00-04:00');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: 'https://massage.example/problems/clearance-required', refusals: [{ rule: 'clearance-required', screeningRule: 'ONC_TX', clearance: 'revoked' }] });
  });
});
