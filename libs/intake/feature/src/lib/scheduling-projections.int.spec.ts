import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { Client } from 'pg';
import request from 'supertest';
import {
  AppointmentBooked,
  AppointmentCancelled,
  AppointmentRescheduled,
  kafkaSaslFromEnv,
  LocationOpened,
  LocationUpdated,
  TherapistRegistered,
  type AppointmentBookedV1,
  type EventDefinition,
  type LocationOpenedV1,
} from '@massage/contracts';
import { exampleSubmitIntakeRequest, type ClientResponse, type IntakeResponse } from '@massage/intake-api';
import { toKafkaMessage, type EventEnvelope, type OutgoingKafkaMessage } from '@massage/messaging';
import { CLOCK, ManualClock, TIMER } from '@massage/platform';
import { GATEWAY_ASSERTION_HEADER, generateAssertionKeyPair } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { createTestTopic, removeTestConsumerGroup, testKafka, uniqueName, waitFor, type TestTopic } from '@massage/testing';
import { assertionHeaders, HOME } from './testing/intake-spec-support';
import { startIntakeTestApp } from './testing/intake-test-app';

process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
jest.setTimeout(120_000);

const keys = generateAssertionKeyPair('scheduling-projections-spec');
const as = assertionHeaders(keys.signer);
const DAY = 24 * 60 * 60 * 1000;
/** CARE_RETENTION_DAYS is unset: the default retention. */
const RETENTION = 30 * DAY;

/**
 * Intake fed by scheduling's events through its real consumer (inbox, Kafka, PostgreSQL), on topics of this run:
 * location codes are accepted once LocationOpened has arrived, and a therapist reads a client's intake and screening
 * exactly while the care rule says they are in care (ADR 0014), on the service's clock.
 */
describe('intake consumes scheduling: known locations and care relationships (Kafka, PostgreSQL, a test clock)', () => {
  let app: INestApplication;
  let pg: Client;
  let close: () => Promise<void>;
  let http: ReturnType<typeof request>;
  let producer: Producer;
  let groupId: string;
  let quiet: jest.SpyInstance;
  const topics: Record<'appointments' | 'therapists' | 'locations', TestTopic | undefined> = { appointments: undefined, therapists: undefined, locations: undefined };
  // Whole seconds near the real time: intake dates submitted intakes by this clock.
  const clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  const T = clock.now().getTime();
  const iso = (ms: number): string => new Date(ms).toISOString();

  beforeAll(async () => {
    const { brokers } = await testKafka();
    topics.appointments = await createTestTopic(brokers, 'appointments', { partitions: 2 });
    topics.therapists = await createTestTopic(brokers, 'therapists', { partitions: 1 });
    topics.locations = await createTestTopic(brokers, 'locations', { partitions: 1 });
    producer = new Kafka({ clientId: 'intake-scheduling-spec', brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    groupId = uniqueName('intake');
    ({ app, pg, close } = await startIntakeTestApp(
      'intake_scheduling',
      keys.publicKeysJson,
      ['error'],
      (builder) => builder.overrideProvider(CLOCK).useValue(clock).overrideProvider(TIMER).useValue(clock),
      {
        knownLocations: [],
        consumer: {
          brokers,
          groupId,
          topics: [topics.locations.name, topics.therapists.name, topics.appointments.name],
          createDlqTopic: { partitions: 1 },
          initialBackoffMs: 100,
          consumerConfig: { maxWaitTimeInMs: 250 },
        },
      },
    ));
    http = request(app.getHttpServer());
    quiet = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await publish(LocationOpened, opened(HOME));
    await until(`SELECT 1 FROM known_location WHERE location_id = $1`, [HOME], `LocationOpened ${HOME} applied`);
  });

  afterAll(async () => {
    quiet?.mockRestore();
    await close?.();
    await producer?.disconnect();
    if (groupId) await removeTestConsumerGroup((await testKafka()).brokers, groupId);
    for (const topic of Object.values(topics)) await topic?.drop();
  });

  const topicOf = (def: EventDefinition<never>): string => {
    const name = { 'scheduling.appointments.v1': topics.appointments, 'scheduling.therapists.v1': topics.therapists, 'scheduling.locations.v1': topics.locations }[def.topic]?.name;
    if (!name) throw new Error(`no test topic for ${def.topic}`);
    return name;
  };

  /** Publishes an event as scheduling's relay would (CloudEvents headers, the catalogue's key) on this run's topic; returns the message, to deliver it again. */
  async function publish<P>(def: EventDefinition<P>, data: P): Promise<OutgoingKafkaMessage> {
    const envelope: EventEnvelope<P> = { id: randomUUID(), type: def.type, source: '/massage/scheduling', time: new Date().toISOString(), subject: def.key(data), correlationId: randomUUID(), data };
    const message = toKafkaMessage(envelope);
    await producer.send({ topic: topicOf(def as unknown as EventDefinition<never>), acks: -1, messages: [message] });
    return message;
  }

  const until = (sql: string, params: unknown[], description: string) => waitFor(async () => (await pg.query(sql, params)).rows.length > 0, { timeoutMs: 30_000, description });

  const opened = (locationId: string): LocationOpenedV1 => ({ locationId, name: `Spec ${locationId}`, timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openedAt: iso(T - DAY) });

  /** A client registered and an intake submitted at HOME by its manager (the history a therapist may read). */
  async function clientWithIntake(): Promise<{ client: ClientResponse; intake: IntakeResponse }> {
    const client = (
      await http
        .post(`/locations/${HOME}/clients`)
        .set(as('location-manager'))
        .set('idempotency-key', randomUUID())
        .send({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', preferredChannel: 'email', dateOfBirth: '1985-12-10' })
        .expect(201)
    ).body as ClientResponse;
    const intake = (
      await http
        .post(`/locations/${HOME}/clients/${client.id}/intakes`)
        .set(as('location-manager'))
        .set('idempotency-key', randomUUID())
        .send(exampleSubmitIntakeRequest(iso(T - 60_000)))
        .expect(201)
    ).body as IntakeResponse;
    return { client, intake };
  }

  const therapistActor = (n: number): Actor => ({ subject: `therapist-${n}@${HOME}`, role: 'therapist', locationId: HOME });
  const asTherapist = (n: number) => ({ [GATEWAY_ASSERTION_HEADER]: keys.signer.sign(therapistActor(n), 'intake') });
  /** The statuses a therapist gets for the client's intake and screening. */
  const reads = async (n: number, c: { client: ClientResponse; intake: IntakeResponse }): Promise<number[]> => [
    (await http.get(`/locations/${HOME}/clients/${c.client.id}/intakes/${c.intake.id}`).set(asTherapist(n))).status,
    (await http.get(`/locations/${HOME}/clients/${c.client.id}/screening`).set(asTherapist(n))).status,
  ];

  const booking = (clientId: string, therapistId: string, startsAt: number): AppointmentBookedV1 => ({
    appointmentId: randomUUID(),
    locationId: HOME,
    clientId,
    therapistId,
    roomId: randomUUID(),
    serviceId: randomUUID(),
    startsAt: iso(startsAt),
    endsAt: iso(startsAt + 60 * 60 * 1000),
    techniques: ['swedish'],
    focusRegions: ['neck'],
    pressure: 'P2',
    bookedAt: iso(T - 60_000),
  });

  it('accepts a location code only once scheduling has opened it, and refuses it before any write until then', async () => {
    const later = 'midtown-spec';
    const register = () =>
      http
        .post(`/locations/${later}/clients`)
        .set(as('front-desk', later))
        .set('idempotency-key', randomUUID())
        .send({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', preferredChannel: 'email', dateOfBirth: '1985-12-10' });
    const refused = await register();
    expect([refused.status, refused.body.type]).toEqual([404, 'https://massage.example/problems/unknown-location']);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await pg.query(`SELECT 1 FROM client WHERE location_id = $1`, [later])).rows).toEqual([]);
    expect((await pg.query(`SELECT 1 FROM outbox WHERE payload->>'locationId' = $1`, [later])).rows).toEqual([]);

    await publish(LocationOpened, opened(later));
    await until(`SELECT 1 FROM known_location WHERE location_id = $1`, [later], `LocationOpened ${later} applied`);
    expect((await register()).status).toBe(201);

    // A LocationUpdated carries the whole state; a replayed LocationOpened (older) does not undo it.
    await publish(LocationUpdated, { ...opened(later), name: 'Midtown (renamed)', updatedAt: iso(T) });
    await publish(LocationOpened, opened(later));
    // One partition: once the location opened after the replay is known, the replay has been handled.
    await publish(LocationOpened, opened('marker-spec'));
    await until(`SELECT 1 FROM known_location WHERE location_id = 'marker-spec'`, [], 'the location opened after the replay');
    expect((await pg.query(`SELECT name FROM known_location WHERE location_id = $1`, [later])).rows).toEqual([{ name: 'Midtown (renamed)' }]);
  });

  it('lets a therapist read a client’s intake and screening from the booking, whichever of booking and registration comes first; a cancellation of the sole appointment ends it; a duplicate is applied once', async () => {
    const c = await clientWithIntake();
    const therapistId = randomUUID();
    expect(await reads(1, c)).toEqual([403, 403]);

    const booked = booking(c.client.id, therapistId, T + 2 * DAY);
    const bookedMessage = await publish(AppointmentBooked, booked);
    await until(`SELECT 1 FROM care_appointment WHERE appointment_id = $1`, [booked.appointmentId], 'AppointmentBooked applied');
    expect(await reads(1, c)).toEqual([403, 403]); // no subject known for the therapist yet
    await publish(TherapistRegistered, { therapistId, subject: therapistActor(1).subject, locationId: HOME, registeredAt: iso(T - DAY) });
    await until(`SELECT 1 FROM care_relationship WHERE therapist_subject = $1 AND client_id = $2`, [therapistActor(1).subject, c.client.id], 'care relationship');
    expect(await reads(1, c)).toEqual([200, 200]);
    expect(await reads(2, c)).toEqual([403, 403]); // another therapist of the location

    // The booking delivered again, then the cancellation behind it on the same partition (same key).
    await producer.send({ topic: topicOf(AppointmentBooked as unknown as EventDefinition<never>), acks: -1, messages: [bookedMessage] });
    await publish(AppointmentCancelled, { appointmentId: booked.appointmentId, locationId: HOME, clientId: c.client.id, therapistId, startsAt: booked.startsAt, cancelledAt: iso(T + 60_000), lateCancellation: false, reason: 'client-request' });
    await until(`SELECT 1 FROM care_appointment WHERE appointment_id = $1 AND ended`, [booked.appointmentId], 'AppointmentCancelled applied');
    const bookedId = bookedMessage.headers['ce_id'];
    expect((await pg.query(`SELECT count(*)::int AS n FROM inbox WHERE consumer_group = $1 AND event_id = $2`, [groupId, bookedId])).rows).toEqual([{ n: 1 }]);
    expect((await pg.query(`SELECT count(*)::int AS n FROM care_appointment_window WHERE appointment_id = $1`, [booked.appointmentId])).rows).toEqual([{ n: 1 }]);

    // Cancelled a minute from now: in care until then, and not after (no retention for a cancelled sole appointment).
    expect(await reads(1, c)).toEqual([200, 200]);
    clock.advanceTo(new Date(T + 60_000));
    expect(await reads(1, c)).toEqual([403, 403]);
  });

  it('moves care with an appointment rescheduled to another therapist, and keeps it until the end plus the retention', async () => {
    const c = await clientWithIntake();
    const [first, second] = [randomUUID(), randomUUID()];
    await publish(TherapistRegistered, { therapistId: first, subject: therapistActor(3).subject, locationId: HOME, registeredAt: iso(T - DAY) });
    await publish(TherapistRegistered, { therapistId: second, subject: therapistActor(4).subject, locationId: HOME, registeredAt: iso(T - DAY) });
    const booked = booking(c.client.id, first, T + 3 * DAY);
    await publish(AppointmentBooked, booked);
    await until(`SELECT 1 FROM care_relationship WHERE therapist_subject = $1 AND client_id = $2`, [therapistActor(3).subject, c.client.id], 'care of the first therapist');
    expect(await reads(3, c)).toEqual([200, 200]);

    const endsAt = T + 4 * DAY + 60 * 60 * 1000;
    await publish(AppointmentRescheduled, {
      appointmentId: booked.appointmentId,
      locationId: HOME,
      clientId: c.client.id,
      roomId: booked.roomId,
      serviceId: booked.serviceId,
      techniques: booked.techniques,
      focusRegions: booked.focusRegions,
      pressure: booked.pressure,
      therapistId: second,
      startsAt: iso(endsAt - 60 * 60 * 1000),
      endsAt: iso(endsAt),
      previousStartsAt: booked.startsAt,
      previousTherapistId: first,
      rescheduledAt: iso(clock.now().getTime()),
    });
    await until(`SELECT 1 FROM care_relationship WHERE therapist_subject = $1 AND client_id = $2`, [therapistActor(4).subject, c.client.id], 'care of the second therapist');
    expect(await reads(3, c)).toEqual([403, 403]);
    expect(await reads(4, c)).toEqual([200, 200]);

    clock.advanceTo(new Date(endsAt + RETENTION - 1000));
    expect(await reads(4, c)).toEqual([200, 200]);
    clock.advanceTo(new Date(endsAt + RETENTION));
    expect(await reads(4, c)).toEqual([403, 403]);
  });
});
