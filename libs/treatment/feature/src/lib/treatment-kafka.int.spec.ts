import { randomUUID } from 'node:crypto';
import {
  AppointmentBooked,
  AUDIT_TOPIC,
  checkPayload,
  ClientCheckedIn,
  kafkaSaslFromEnv,
  SCHEDULING_APPOINTMENTS_TOPIC,
  SCHEDULING_THERAPISTS_TOPIC,
  ScreeningCompleted,
  SessionLogged,
  TherapistRegistered,
  TREATMENT_EVENTS_TOPIC,
  type EventDefinition,
} from '@massage/contracts';
import { toKafkaMessage, type EventEnvelope } from '@massage/messaging';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { collectTopic, createTestTopic, ensureTopics, removeTestConsumerGroup, testKafka, uniqueName, waitFor, type TestTopic, type TopicCollector } from '@massage/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { HOME, noteBody } from './testing/treatment-scenario';
import { startTreatmentTestApp, TreatmentCaller, type TreatmentTestApp } from './testing/treatment-test-app';

process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
jest.setTimeout(120_000);

const keys = generateAssertionKeyPair('treatment-kafka-spec');

/**
 * Treatment on the real broker: scheduling's events on their own topics (scheduling.therapists.v1,
 * scheduling.appointments.v1) reach treatment's consumer through its inbox, and a ClientCheckedIn opens the
 * session's draft note; intake's screening comes on a topic of this run. The therapist signs the note and the relay
 * publishes SessionLogged on treatment.events.v1, keyed by client, with the CloudEvents headers and no free text.
 * The consumer group starts at the scheduling topics' current ends (its offsets set before it joins), so it reads
 * only this run's events.
 */
describe('treatment with Kafka (check-in → draft note, sign → SessionLogged)', () => {
  let t: TreatmentTestApp;
  let api: TreatmentCaller;
  let kafka: Kafka;
  let producer: Producer;
  let intakeTopic: TestTopic;
  let logged: TopicCollector;
  let brokers: string[] | undefined;
  const groupId = uniqueName('treatment');

  beforeAll(async () => {
    ({ brokers } = await testKafka());
    await ensureTopics(brokers, [TREATMENT_EVENTS_TOPIC, AUDIT_TOPIC, SCHEDULING_APPOINTMENTS_TOPIC, SCHEDULING_THERAPISTS_TOPIC]);
    intakeTopic = await createTestTopic(brokers, 'treatment-intake-events', { partitions: 2 });
    kafka = new Kafka({ clientId: 'treatment-kafka-spec', brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) });
    const admin = kafka.admin();
    await admin.connect();
    for (const topic of [SCHEDULING_APPOINTMENTS_TOPIC.name, SCHEDULING_THERAPISTS_TOPIC.name]) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map(({ partition, high }) => ({ partition, offset: high })) });
    }
    await admin.disconnect();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    logged = await collectTopic(brokers, TREATMENT_EVENTS_TOPIC.name);
    t = await startTreatmentTestApp('treat_kafka', {
      gatewayPublicKeysJson: keys.publicKeysJson,
      now: '2026-03-09T14:05:00Z',
      relay: true,
      consumer: {
        brokers,
        groupId,
        topics: [SCHEDULING_APPOINTMENTS_TOPIC.name, SCHEDULING_THERAPISTS_TOPIC.name, intakeTopic.name],
        createDlqTopic: { partitions: 1 },
        initialBackoffMs: 100,
        consumerConfig: { maxWaitTimeInMs: 250 },
      },
    });
    api = new TreatmentCaller(t.baseUrl, keys.signer);
  });

  afterAll(async () => {
    await t?.close();
    await producer?.disconnect();
    await logged?.stop();
    if (brokers) await removeTestConsumerGroup(brokers, groupId);
    await intakeTopic?.drop();
  });

  /** Publishes an event as its producer's relay would (CloudEvents headers, the catalogue's key), on `topic`. */
  async function publish<P>(def: EventDefinition<P>, data: P, topic: string = def.topic): Promise<void> {
    const envelope: EventEnvelope<P> = { id: randomUUID(), type: def.type, source: `/massage/${def.producer}`, time: new Date().toISOString(), subject: def.key(data), correlationId: randomUUID(), data };
    await producer.send({ topic, acks: -1, messages: [toKafkaMessage(envelope)] });
  }

  const projected = (sql: string, params: unknown[], description: string) =>
    waitFor(async () => (await t.pg.query(sql, params)).rows.length > 0, { timeoutMs: 60_000, description });

  it('opens a draft note from ClientCheckedIn on scheduling.appointments.v1, and publishes SessionLogged on treatment.events.v1 when it is signed', async () => {
    const therapistId = randomUUID();
    const therapist: Actor = { subject: uniqueName('therapist'), role: 'therapist', locationId: HOME };
    const clientId = randomUUID();
    const appointmentId = randomUUID();
    const base = { appointmentId, locationId: HOME, clientId, therapistId };

    await publish(TherapistRegistered, { therapistId, subject: therapist.subject, locationId: HOME, registeredAt: '2026-03-01T09:00:00.000Z' });
    await publish(
      ScreeningCompleted,
      { screeningId: randomUUID(), clientId, locationId: HOME, intakeId: randomUUID(), tableVersion: '2026.1', asOf: '2026-03-08T10:00:00.000Z', trigger: 'intake', outcome: 'cleared', restrictions: [], reAskEveryVisit: [] },
      intakeTopic.name,
    );
    await publish(AppointmentBooked, {
      ...base,
      roomId: randomUUID(),
      serviceId: randomUUID(),
      startsAt: '2026-03-09T14:00:00.000Z',
      endsAt: '2026-03-09T15:00:00.000Z',
      techniques: ['swedish'],
      focusRegions: ['neck'],
      pressure: 'P3',
      bookedAt: '2026-03-01T10:00:00.000Z',
    });
    await publish(ClientCheckedIn, { ...base, startsAt: '2026-03-09T14:00:00.000Z', checkedInAt: '2026-03-09T13:57:00.000Z' });

    await projected(`SELECT 1 FROM session_note WHERE appointment_id = $1 AND status = 'draft'`, [appointmentId], 'the draft note opened at check-in');
    await projected(`SELECT 1 FROM care_therapist WHERE therapist_id = $1`, [therapistId], 'the therapist registered');
    await projected(`SELECT 1 FROM client_screening WHERE client_id = $1`, [clientId], 'the screening projected');

    const note = `/locations/${HOME}/clients/${clientId}/sessions/${appointmentId}/note`;
    expect((await api.get(therapist, note)).body).toMatchObject({ status: 'draft', therapistId, endsAt: '2026-03-09T15:00:00.000Z' });
    await api.put(therapist, note, noteBody({ before: 6, after: 3 })).expect(200);
    await api.post(therapist, `${note}/sign`).expect(200);

    const [message] = await logged.waitForMessages(1, { predicate: (m) => m.key === clientId && m.headers['ce_type'] === SessionLogged.type, timeoutMs: 60_000 });
    expect(message?.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: 'massage.treatment.SessionLogged.v1',
      ce_source: '/massage/treatment',
      ce_subject: clientId,
      'content-type': 'application/json',
      ce_dataschema: 'urn:massage:schema:massage.treatment.SessionLogged.v1',
    });
    expect(message?.headers['ce_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(message?.headers['ce_correlationid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(message?.headers['ce_time'] ?? ''))).toBe(false);
    const payload: unknown = JSON.parse(message?.value ?? '{}');
    expect(checkPayload(SessionLogged, payload)).toEqual([]);
    expect(payload).toMatchObject({ appointmentId, clientId, therapistId, locationId: HOME, work: noteBody().work, pain: [{ region: 'neck', before: 6, after: 3 }] });
    // No word of the note left the service: the schema admits none (treatment-events.spec) and the record carries none.
    expect(message?.value).not.toMatch(/stiff|Hypertonic|rotation improved|chin tucks/);
  });
});
