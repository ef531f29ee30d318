import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  AppointmentBooked,
  AppointmentCancelled,
  AppointmentRescheduled,
  AUDIT_TOPIC,
  deadLetterTopicName,
  INTAKE_EVENTS_TOPIC,
  SCHEDULING_APPOINTMENTS_TOPIC,
  SCHEDULING_LOCATIONS_TOPIC,
  SCHEDULING_THERAPISTS_TOPIC,
  ScreeningCompleted,
  type AppointmentBookedV1,
  type AppointmentCancelledV1,
  type AppointmentRescheduledV1,
  type ScreeningCompletedV1,
} from '@massage/contracts';
import { exampleSubmitIntakeRequest, type SubmitIntakeRequest } from '@massage/intake-api';
import { API_WEEKDAYS, type AppointmentResponse, type AvailabilityResponse, type AvailableSlot, type BookAppointmentRequest, type LocationResponse, type TherapistResponse } from '@massage/scheduling-api';
import { collectTopic, ensureTopics, testKafka, uniqueName, waitFor, type CollectedMessage, type TestDatabase, type TopicCollector } from '@massage/testing';
import { first, freePort, gatewayCaller, GatewayKeys, migratedDatabase, utcDay, waitForMessage } from './support/gateway-stack';
import { ServiceProcess } from './support/service-process';

/**
 * Scheduling end to end (issue 8), on the built gateway, intake and scheduling as real processes against the real
 * broker and database: HQ opens a location and its manager configures it through the gateway; a client registered
 * and screened through intake reaches scheduling's eligibility projection over Kafka; the front desk books (one
 * AppointmentBooked on scheduling.appointments.v1, one appointment for a retried Idempotency-Key, 400 without one),
 * a reschedule onto a technique and pressure the screening forbids is refused naming the rule and changes nothing,
 * and a cancellation inside the location's window is late in the answer and in the event.
 */
describe('scheduling: booking through the gateway to AppointmentBooked', () => {
  const keys = new GatewayKeys();
  const location = 'e2e-sch-' + Math.random().toString(36).slice(2, 8);
  const databases: TestDatabase[] = [];
  let schedulingDb: TestDatabase;
  let services: ServiceProcess[] = [];
  let gateway: ServiceProcess;
  let appointmentsTopic: TopicCollector;
  let intakeEvents: TopicCollector;
  const tokens: Record<'frontDesk' | 'manager' | 'hq', string> = { frontDesk: '', manager: '', hq: '' };
  let therapist: TherapistResponse;
  let serviceId = '';
  let client = '';
  /** Free slots of the therapist for the client's safe plan, earliest first (found once the projection has the screening). */
  let slots: AvailableSlot[] = [];
  /** The appointment the first test books, which the later ones reschedule and cancel. */
  let booked: AppointmentResponse;

  beforeAll(async () => {
    const { brokers } = await testKafka();
    // Consumer groups of this run's own: each projection reads its topics from the beginning, beside any other intake or scheduling.
    const [schedulingGroup, intakeGroup] = [uniqueName('e2e-scheduling'), uniqueName('e2e-intake')];
    await ensureTopics(brokers, [
      SCHEDULING_APPOINTMENTS_TOPIC,
      SCHEDULING_THERAPISTS_TOPIC,
      SCHEDULING_LOCATIONS_TOPIC,
      AUDIT_TOPIC,
      ...[schedulingGroup, intakeGroup].map((group) => ({ name: deadLetterTopicName(group), partitions: 1 })),
    ]);
    appointmentsTopic = await collectTopic(brokers, SCHEDULING_APPOINTMENTS_TOPIC.name, { fromBeginning: false });
    intakeEvents = await collectTopic(brokers, INTAKE_EVENTS_TOPIC.name, { fromBeginning: false });

    const env = async (name: string): Promise<Record<string, string>> => {
      const { db, env: serviceEnv } = await migratedDatabase('e2e_scheduling', name, { KAFKA_BROKERS: brokers.join(','), KAFKAJS_NO_PARTITIONER_WARNING: '1', AUTH_ASSERTION_PUBLIC_KEYS: keys.publicKeys });
      databases.push(db);
      if (name === 'scheduling') schedulingDb = db;
      return serviceEnv;
    };
    const intake = new ServiceProcess('intake', await freePort(), { ...(await env('intake')), INTAKE_GROUP_ID: intakeGroup });
    const scheduling = new ServiceProcess('scheduling', await freePort(), { ...(await env('scheduling')), SCHEDULING_GROUP_ID: schedulingGroup });
    gateway = new ServiceProcess('gateway', await freePort(), { ...keys.gatewayEnv(), INTAKE_URL: intake.url, SCHEDULING_URL: scheduling.url, NOTIFICATION_URL: 'http://127.0.0.1:9' });
    services = [intake, scheduling, gateway];
    await Promise.all(services.map((s) => s.start()));
    tokens.frontDesk = await keys.token('front-desk', location);
    tokens.manager = await keys.token('location-manager', location, `manager@${location}`);
    tokens.hq = await keys.token('hq-admin');

    await openLocation();
  }, 300_000); // three builds' worth of processes, migrations and a location set up through the gateway, on a shared machine

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await appointmentsTopic?.stop();
    await intakeEvents?.stop();
    await Promise.all(databases.map((d) => d.drop()));
  });

  const { call, json } = gatewayCaller(() => gateway.url);
  const at = `/locations/${location}`;
  const eventsOf = (appointmentId: string): CollectedMessage[] => appointmentsTopic.messages.filter((m) => m.key === appointmentId);
  const payloadOf = <T>(m: CollectedMessage): T => JSON.parse(m.value ?? 'null') as T;

  /** HQ opens the location (open around the clock, a week's cancellation window); its manager adds a room, a service and a licensed, certified therapist on shift every day. */
  async function openLocation(): Promise<void> {
    const allDay = [{ from: '00:00', to: '24:00' }];
    const opened = await json<LocationResponse>(
      await call('POST', '/locations', tokens.hq, {
        code: location,
        name: 'E2e scheduling',
        timeZone: 'America/Toronto',
        jurisdiction: 'CA-ON',
        openingHours: API_WEEKDAYS.map((weekday) => ({ weekday, windows: allDay })),
        cancellationWindowMinutes: 10_080,
      }),
      201,
    );
    expect(opened).toMatchObject({ code: location, timeZone: 'America/Toronto', cancellationWindowMinutes: 10_080 });
    await json(await call('POST', `${at}/rooms`, tokens.manager, { code: 'room-1', name: 'Room 1', equipment: [] }), 201);
    serviceId = (
      await json<{ id: string }>(
        await call('POST', `${at}/services`, tokens.manager, { code: 'massage-60', name: 'Massage, 60 minutes', durationMinutes: 60, bufferMinutes: 15, techniques: ['swedish', 'deep-tissue'], requiredEquipment: [] }),
        201,
      )
    ).id;
    therapist = await json<TherapistResponse>(
      await call('POST', `${at}/therapists`, tokens.manager, {
        subject: `therapist@${location}`,
        displayName: 'Sam E2e',
        licence: { number: 'RMT-000001', jurisdiction: 'CA-ON', validFrom: utcDay(-365), expiresOn: utcDay(730) },
      }),
      201,
    );
    for (const technique of ['swedish', 'deep-tissue']) await json(await call('PUT', `${at}/therapists/${therapist.id}/certifications/${technique}`, tokens.manager, {}, null), 200);
    await json(await call('PUT', `${at}/therapists/${therapist.id}/shifts`, tokens.manager, { shifts: API_WEEKDAYS.map((weekday) => ({ weekday, from: '00:00', to: '24:00' })) }, null), 200);
  }

  /** The client's safe plan; their screening (a DVT treated over a year ago in the left calf: DVT_HX) forbids deep work there. */
  const plan = { techniques: ['swedish'], focusRegions: ['upper-back', 'neck'], pressure: 'P3' } as const;
  const bookingAt = (slot: AvailableSlot): BookAppointmentRequest => ({ clientId: client, therapistId: therapist.id, serviceId, startsAt: slot.startsAt, ...plan, techniques: [...plan.techniques], focusRegions: [...plan.focusRegions] });

  it('books a client screened through intake: AppointmentBooked on scheduling.appointments.v1 with its CloudEvents headers', async () => {
    // Intake accepts the location's code once LocationOpened has reached it (404 until then; a refusal stores nothing, so the same key is retried).
    const registration = { givenName: 'Ada', familyName: 'E2e', email: `${uniqueName('ada')}@example.com`, preferredChannel: 'email', dateOfBirth: '1980-02-02' };
    const registrationKey = randomUUID();
    client = await waitFor(
      async () => {
        const res = await call('POST', `${at}/clients`, tokens.frontDesk, registration, registrationKey);
        if (res.status === 404) return undefined;
        return (await json<{ id: string }>(res, 201)).id;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'intake to know the location scheduling opened' },
    );
    const intake: SubmitIntakeRequest = exampleSubmitIntakeRequest(new Date().toISOString(), 'Ada E2e');
    intake.answers = { ...intake.answers, conditions: [{ code: 'dvt', regions: ['left-calf'], qualifiers: [], treatmentStartedOn: utcDay(-700), treatmentEndedOn: utcDay(-500) }] };
    await json(await call('POST', `${at}/clients/${client}/intakes`, tokens.frontDesk, intake), 201);
    const screened = payloadOf<ScreeningCompletedV1>(await waitForMessage(intakeEvents, (m) => m.key === client && m.headers['ce_type'] === ScreeningCompleted.type, 'ScreeningCompleted'));
    expect(screened.restrictions).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'DVT_HX', kind: 'MODIFY', maxPressure: 'P2' })]));

    // Scheduling learns of the client and the screening over Kafka: until then the client has no slot.
    const search = `${at}/availability?serviceId=${serviceId}&from=${utcDay(0)}&to=${utcDay(2)}&therapistId=${therapist.id}&clientId=${client}&techniques=${plan.techniques.join(',')}&focusRegions=${plan.focusRegions.join(',')}&pressure=${plan.pressure}`;
    slots = await waitFor(
      async () => {
        const res = await call('GET', search, tokens.frontDesk, undefined, null);
        const found = res.status === 200 ? ((await res.json()) as AvailabilityResponse).slots : [];
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, description: "slots for the client once scheduling's projection has the screening" },
    );

    const key = randomUUID();
    booked = await json<AppointmentResponse>(await call('POST', `${at}/appointments`, tokens.frontDesk, bookingAt(first(slots)), key), 201);
    expect(booked).toMatchObject({ locationId: location, clientId: client, therapistId: therapist.id, serviceId, status: 'booked', lateCancellation: null, ...plan });
    expect(Date.parse(booked.startsAt)).toBe(Date.parse(first(slots).startsAt));

    const event = await waitForMessage(appointmentsTopic, (m) => m.key === booked.id && m.headers['ce_type'] === AppointmentBooked.type, 'AppointmentBooked');
    expect(event.headers).toMatchObject({ ce_specversion: '1.0', ce_type: AppointmentBooked.type, ce_source: '/massage/scheduling', 'content-type': 'application/json' });
    expect(event.headers['ce_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(event.headers['ce_time'] ?? '')).not.toBeNaN();
    expect(event.headers['ce_correlationid']).toBeTruthy();
    expect(payloadOf<AppointmentBookedV1>(event)).toMatchObject({
      appointmentId: booked.id,
      locationId: location,
      clientId: client,
      therapistId: therapist.id,
      roomId: booked.roomId,
      serviceId,
      techniques: ['swedish'],
      focusRegions: ['upper-back', 'neck'],
      pressure: 'P3',
    });
    expect(event.value).not.toMatch(/Ada|Sam|dvt/i);

    // The same Idempotency-Key again: the first answer, no second appointment and no second event.
    const retried = await json<AppointmentResponse>(await call('POST', `${at}/appointments`, tokens.frontDesk, bookingAt(first(slots)), key), 201);
    expect(retried).toEqual(booked);
    expect(await appointmentsOf(schedulingDb, client)).toBe(1);
  }, 300_000); // two projections to catch up over Kafka

  it('refuses a booking without Idempotency-Key with 400 problem+json naming the header; nothing is booked', async () => {
    expect(client).not.toBe('');
    const res = await call('POST', `${at}/appointments`, tokens.frontDesk, bookingAt(slots[slots.length - 1] ?? first(slots)), null);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { 'invalid-params'?: { name: string }[] })['invalid-params']?.map((p) => p.name)).toEqual(['Idempotency-Key']);
    expect(await appointmentsOf(schedulingDb, client)).toBe(1);
  });

  it("refuses a reschedule onto deep work on the client's DVT leg with 422 contraindicated naming DVT_HX; the appointment is unchanged", async () => {
    expect(booked).toBeDefined();
    const later = slots.find((s) => Date.parse(s.startsAt) >= Date.parse(booked.blockedUntil)) ?? first(slots);
    const res = await call('POST', `${at}/appointments/${booked.id}/reschedule`, tokens.frontDesk, { startsAt: later.startsAt, techniques: ['deep-tissue'], focusRegions: ['left-calf'], pressure: 'P4' }, null);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { type: string; rule: string; refusals: { rule: string; screeningRule?: string }[] };
    expect(problem).toMatchObject({ type: 'https://massage.example/problems/contraindicated', rule: 'contraindicated' });
    expect(problem.refusals).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'contraindicated', screeningRule: 'DVT_HX' })]));
    expect(await json<AppointmentResponse>(await call('GET', `${at}/appointments/${booked.id}`, tokens.frontDesk, undefined, null), 200)).toEqual(booked);
    // No AppointmentRescheduled from the refusal: the cancellation below is the appointment's next event on its (ordered) key.
  });

  it("cancels inside the location's window: lateCancellation in the answer and in AppointmentCancelled, the appointment's only event after AppointmentBooked", async () => {
    expect(booked).toBeDefined();
    const cancelled = await json<AppointmentResponse>(await call('POST', `${at}/appointments/${booked.id}/cancel`, tokens.frontDesk, { reason: 'client-request' }, null), 200);
    expect(cancelled).toMatchObject({ id: booked.id, status: 'cancelled', lateCancellation: true, cancellationReason: 'client-request', startsAt: booked.startsAt });

    const event = await waitForMessage(appointmentsTopic, (m) => m.key === booked.id && m.headers['ce_type'] === AppointmentCancelled.type, 'AppointmentCancelled');
    expect(payloadOf<AppointmentCancelledV1>(event)).toMatchObject({ appointmentId: booked.id, clientId: client, lateCancellation: true, reason: 'client-request' });
    expect(eventsOf(booked.id).map((m) => m.headers['ce_type'])).toEqual([AppointmentBooked.type, AppointmentCancelled.type]);
    expect(eventsOf(booked.id).some((m) => m.headers['ce_type'] === AppointmentRescheduled.type)).toBe(false);
    expect(await json<AppointmentResponse>(await call('GET', `${at}/appointments/${booked.id}`, tokens.frontDesk, undefined, null), 200)).toEqual(cancelled);
  });

  it('reschedules a safe change: AppointmentRescheduled with the new span', async () => {
    const [a, b] = [slots[0], slots.find((s) => slots[0] && Date.parse(s.startsAt) >= Date.parse(slots[0].endsAt) + 15 * 60_000)];
    if (!a || !b) throw new Error('the search found no two separate slots');
    const fresh = await json<AppointmentResponse>(await call('POST', `${at}/appointments`, tokens.frontDesk, bookingAt(a)), 201);
    const moved = await json<AppointmentResponse>(await call('POST', `${at}/appointments/${fresh.id}/reschedule`, tokens.frontDesk, { startsAt: b.startsAt, pressure: 'P2' }, null), 200);
    expect(moved).toMatchObject({ id: fresh.id, status: 'booked', pressure: 'P2' });
    expect(Date.parse(moved.startsAt)).toBe(Date.parse(b.startsAt));
    const event = await waitForMessage(appointmentsTopic, (m) => m.key === fresh.id && m.headers['ce_type'] === AppointmentRescheduled.type, 'AppointmentRescheduled');
    expect(payloadOf<AppointmentRescheduledV1>(event)).toMatchObject({ appointmentId: fresh.id, pressure: 'P2' });
    expect(Date.parse(payloadOf<AppointmentRescheduledV1>(event).startsAt)).toBe(Date.parse(b.startsAt));
  });
});

/** How many appointments scheduling holds for the client (whatever their status). */
async function appointmentsOf(db: TestDatabase, clientId: string): Promise<number> {
  const pg = new Client(db.options);
  await pg.connect();
  try {
    const { rows } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM appointment WHERE client_id = $1', [clientId]);
    return rows[0]?.n ?? 0;
  } finally {
    await pg.end();
  }
}
