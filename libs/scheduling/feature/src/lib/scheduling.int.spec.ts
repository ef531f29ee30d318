import { randomUUID } from 'node:crypto';
import { AppointmentBooked, AppointmentCancelled, AppointmentRescheduled, LocationOpened, NoShowRecorded, SCHEDULING_APPOINTMENTS_TOPIC, TherapistRegistered } from '@massage/contracts';
import { declaredRoutes, generateAssertionKeyPair } from '@massage/platform-security';
import type { AppointmentResponse, AvailabilityResponse, BookAppointmentRequest, LocationResponse, TherapistResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import type { Client } from 'pg';
import request from 'supertest';
import { SchedulingModule } from './scheduling.module';
import { seedClient, SchedulingCaller, startSchedulingTestApp, type SchedulingTestApp } from './testing/scheduling-test-app';

jest.setTimeout(120_000);

const HOME = 'downtown-toronto';
const AWAY = 'soho-london';
const keys = generateAssertionKeyPair('scheduling-spec');
const hq: Actor = { subject: 'hq-1', role: 'hq-admin', locationId: '*' };
const manager: Actor = { subject: 'manager-1', role: 'location-manager', locationId: HOME };
const desk: Actor = { subject: 'desk-1', role: 'front-desk', locationId: HOME };

interface Problem {
  type: string;
  status: number;
  rule?: string;
  refusals?: { rule: string; screeningRule?: string; resource?: string; technique?: string }[];
  'invalid-params'?: { name: string; reason: string }[];
}

const EVERY_DAY = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
/** Toronto is on EDT (UTC−4) from 2026-03-08: 14:00 local on 2026-03-10 is 18:00Z. */
const at = (date: string, time: string): string => `${date}T${time}:00-04:00`;

/**
 * The scheduling service over HTTP on a real PostgreSQL (relay off; the events are read from the outbox):
 * calendar set-up through its own routes, bookings and every refusal rule through the HTTP API, the exclusion
 * constraints under 100 concurrent requests, idempotency, cancellation windows, reschedules and the day's
 * transitions.
 */
describe('scheduling service (HTTP, PostgreSQL)', () => {
  let t: SchedulingTestApp;
  let pg: Client;
  let api: SchedulingCaller;
  let swedish: string;
  let prenatal: string;
  let rooms: { plain: string; prenatal: string };
  const therapists: Record<'t1' | 't2' | 'lapsed' | 'swedishOnly', string> = { t1: '', t2: '', lapsed: '', swedishOnly: '' };

  const base = (path: string, location = HOME): string => `/locations/${location}${path}`;
  const outbox = async (key: string): Promise<{ type: string; topic: string; key: string; payload: Record<string, unknown> }[]> =>
    (await pg.query(`SELECT type, topic, key, payload FROM outbox WHERE key = $1 ORDER BY seq`, [key])).rows;
  const counts = async (): Promise<{ appointments: number; events: number }> =>
    (await pg.query(`SELECT (SELECT count(*) FROM appointment)::int AS appointments, (SELECT count(*) FROM outbox WHERE topic <> 'audit.v1')::int AS events`)).rows[0];

  const booking = (clientId: string, over: Partial<BookAppointmentRequest> = {}): BookAppointmentRequest => ({
    clientId,
    therapistId: therapists.t1,
    serviceId: swedish,
    startsAt: at('2026-03-10', '14:00'),
    techniques: ['swedish'],
    focusRegions: ['upper-back'],
    pressure: 'P2',
    ...over,
  });
  const book = (body: BookAppointmentRequest, key: string = randomUUID()) => api.post(desk, base('/appointments'), body, key);
  const booked = async (body: BookAppointmentRequest): Promise<AppointmentResponse> => {
    const res = await book(body);
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
    return res.body as AppointmentResponse;
  };

  async function registerTherapist(subject: string, licenceExpiresOn: string, techniques: string[]): Promise<string> {
    const res = await api.post(manager, base('/therapists'), { subject, displayName: subject, licence: { number: `RMT-${subject}`, jurisdiction: 'CA-ON', expiresOn: licenceExpiresOn } });
    expect(res.status).toBe(201);
    const id = (res.body as TherapistResponse).id;
    for (const technique of techniques) await api.put(manager, base(`/therapists/${id}/certifications/${technique}`), { expiresOn: '2030-01-01' }).expect(200);
    await api.put(manager, base(`/therapists/${id}/shifts`), { shifts: EVERY_DAY.map((weekday) => ({ weekday, from: '08:00', to: '20:00' })) }).expect(200);
    return id;
  }

  beforeAll(async () => {
    t = await startSchedulingTestApp('sched', { gatewayPublicKeysJson: keys.publicKeysJson, now: '2026-03-02T15:00:00Z' });
    pg = t.pg;
    api = new SchedulingCaller(t.baseUrl, keys.signer);

    const opened = await api.post(hq, '/locations', {
      code: HOME,
      name: 'Downtown Toronto',
      timeZone: 'America/Toronto',
      jurisdiction: 'CA-ON',
      openingHours: EVERY_DAY.map((weekday) => ({ weekday, windows: [{ from: '08:00', to: '20:00' }] })),
      closures: [{ from: '2026-03-16', to: '2026-03-16', reason: 'holiday' }],
      cancellationWindowMinutes: 1440,
    });
    expect(opened.status).toBe(201);
    await api
      .post(hq, '/locations', { code: AWAY, name: 'Soho', timeZone: 'Europe/London', jurisdiction: 'GB', openingHours: [{ weekday: 'monday', windows: [{ from: '09:00', to: '17:00' }] }] })
      .expect(201);
    const room = async (code: string, equipment: string[]) => ((await api.post(manager, base('/rooms'), { code, name: code, equipment }).expect(201)).body as { id: string }).id;
    rooms = { plain: await room('room-1', []), prenatal: await room('room-2', ['prenatal-table']) };
    const service = async (code: string, techniques: string[], requiredEquipment: string[]) =>
      ((await api.post(manager, base('/services'), { code, name: code, durationMinutes: 60, bufferMinutes: 15, techniques, requiredEquipment }).expect(201)).body as { id: string }).id;
    swedish = await service('swedish-60', ['swedish', 'deep-tissue'], []);
    prenatal = await service('prenatal-60', ['prenatal'], ['prenatal-table']);
    therapists.t1 = await registerTherapist('therapist-1', '2030-12-31', ['swedish', 'deep-tissue', 'prenatal']);
    therapists.t2 = await registerTherapist('therapist-2', '2030-12-31', ['swedish', 'deep-tissue']);
    therapists.lapsed = await registerTherapist('therapist-lapsed', '2026-03-05', ['swedish']);
    therapists.swedishOnly = await registerTherapist('therapist-swedish', '2030-12-31', ['swedish']);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('declares an access policy on every route (fail closed)', () => {
    expect(declaredRoutes(SchedulingModule).filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('answers /health with the database up', async () => {
    await request(t.baseUrl).get('/health').expect(200);
  });

  it('opened the location with its calendar and published LocationOpened on the locations topic, keyed by code', async () => {
    const location = (await api.get(desk, base('')).expect(200)).body as LocationResponse;
    expect(location).toMatchObject({ code: HOME, timeZone: 'America/Toronto', jurisdiction: 'CA-ON', cancellationWindowMinutes: 1440 });
    expect(location.openingHours).toHaveLength(7);
    expect(location.rooms.map((r) => r.code)).toEqual(['room-1', 'room-2']);
    expect(location.services.map((s) => s.code)).toEqual(['prenatal-60', 'swedish-60']);
    expect(await outbox(HOME)).toEqual([expect.objectContaining({ type: LocationOpened.type, topic: LocationOpened.topic, key: HOME })]);
    const therapist = (await api.get(manager, base(`/therapists/${therapists.t1}`)).expect(200)).body as TherapistResponse;
    expect(therapist.licences).toEqual([{ number: 'RMT-therapist-1', jurisdiction: 'CA-ON', validFrom: null, expiresOn: '2030-12-31' }]);
    expect(therapist.shifts).toHaveLength(7);
    expect((await outbox(therapists.t1)).map((e) => e.type)).toEqual([TherapistRegistered.type, 'massage.scheduling.LicenceRecorded.v1']);
  });

  it('refuses a second location with a code in use (409 location-exists) and a location from a manager (403)', async () => {
    const body = { code: HOME, name: 'Again', timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openingHours: [] };
    const again = await api.post(hq, '/locations', body);
    expect([again.status, (again.body as Problem).type]).toEqual([409, 'https://massage.example/problems/location-exists']);
    expect((await api.post(manager, '/locations', { ...body, code: 'new-place' })).status).toBe(403);
  });

  it('books: the row, AppointmentBooked keyed by the appointment on its topic, and the audit row', async () => {
    const clientId = await seedClient(pg, HOME);
    const appointment = await booked(booking(clientId));
    // No room asked for: the first free room with the equipment (both qualify; the first by id).
    expect([rooms.plain, rooms.prenatal]).toContain(appointment.roomId);
    expect(appointment).toMatchObject({
      clientId,
      therapistId: therapists.t1,
      startsAt: '2026-03-10T18:00:00.000Z',
      endsAt: '2026-03-10T19:00:00.000Z',
      blockedUntil: '2026-03-10T19:15:00.000Z',
      status: 'booked',
      lateCancellation: null,
    });
    const [event, ...rest] = await outbox(appointment.id);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ type: AppointmentBooked.type, topic: SCHEDULING_APPOINTMENTS_TOPIC.name, key: appointment.id });
    expect(event?.payload).toEqual({
      appointmentId: appointment.id,
      locationId: HOME,
      clientId,
      therapistId: therapists.t1,
      roomId: appointment.roomId,
      serviceId: swedish,
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
      techniques: ['swedish'],
      focusRegions: ['upper-back'],
      pressure: 'P2',
      bookedAt: '2026-03-02T15:00:00.000Z',
    });
    expect((await pg.query(`SELECT outcome, operation FROM audit_record WHERE resource_id = $1`, [appointment.id])).rows).toEqual([{ outcome: 'allowed', operation: 'appointment.book' }]);
    await api.get(desk, base(`/appointments/${appointment.id}`)).expect(200, appointment);
  });

  it('answers the same Idempotency-Key with the first appointment: one row, one event', async () => {
    const clientId = await seedClient(pg, HOME);
    const key = randomUUID();
    const body = booking(clientId, { startsAt: at('2026-03-11', '09:00'), therapistId: therapists.t2 });
    const [first, second] = await Promise.all([book(body, key), book(body, key)]);
    const third = await book(body, key);
    expect([first.status, second.status, third.status]).toEqual([201, 201, 201]);
    expect(new Set([first.body.id, second.body.id, third.body.id]).size).toBe(1);
    expect((await pg.query(`SELECT count(*)::int AS n FROM appointment WHERE client_id = $1`, [clientId])).rows).toEqual([{ n: 1 }]);
    expect(await outbox(first.body.id as string)).toHaveLength(1);
    const other = await book({ ...body, pressure: 'P3' }, key);
    expect([other.status, (other.body as Problem)['invalid-params']?.[0]?.name]).toEqual([422, 'Idempotency-Key']);
  });

  describe('100 concurrent requests for one slot: exactly one booked, 99 slot-taken, no 5xx', () => {
    const expectOneWinner = async (responses: request.Response[], slotStart: string): Promise<void> => {
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      const refused = responses.filter((r) => r.status !== 201);
      expect(refused.map((r) => [r.status, (r.body as Problem).type])).toEqual(refused.map(() => [409, 'https://massage.example/problems/slot-taken']));
      const rows = (await pg.query(`SELECT id FROM appointment WHERE starts_at = $1 AND status = 'booked'`, [new Date(slotStart)])).rows as { id: string }[];
      expect(rows).toEqual([{ id: responses.find((r) => r.status === 201)?.body.id }]);
      expect((await pg.query(`SELECT count(*)::int AS n FROM outbox WHERE type = $1 AND payload->>'startsAt' = $2`, [AppointmentBooked.type, new Date(slotStart).toISOString()])).rows).toEqual([{ n: 1 }]);
    };

    it('the same therapist (100 clients)', async () => {
      const slot = at('2026-03-11', '14:00');
      const clients = await Promise.all(Array.from({ length: 100 }, () => seedClient(pg, HOME)));
      const responses = await Promise.all(clients.map((clientId) => book(booking(clientId, { startsAt: slot }))));
      await expectOneWinner(responses, slot);
    });

    it('the one room with the equipment, chosen by the service for 100 therapists (no lock shared: the exclusion constraint decides)', async () => {
      const slot = at('2026-03-12', '15:00');
      const many = await seedTherapists(pg, 100, ['prenatal']);
      const clients = await Promise.all(many.map(() => seedClient(pg, HOME)));
      const responses = await Promise.all(
        many.map((therapistId, i) => book(booking(clients[i] ?? '', { therapistId, serviceId: prenatal, techniques: ['prenatal'], startsAt: slot }))),
      );
      await expectOneWinner(responses, slot);
      expect(responses.find((r) => r.status === 201)?.body.roomId).toBe(rooms.prenatal);
    });

    it('the same room (100 therapists, 100 clients)', async () => {
      const slot = at('2026-03-12', '10:00');
      const many = await seedTherapists(pg, 100);
      const clients = await Promise.all(many.map(() => seedClient(pg, HOME)));
      const responses = await Promise.all(many.map((therapistId, i) => book(booking(clients[i] ?? '', { therapistId, roomId: rooms.plain, startsAt: slot }))));
      await expectOneWinner(responses, slot);
    });
  });

  describe('refuses with problem+json whose type names the rule, booking nothing', () => {
    const restriction = (rule: string, kind: 'ABSOLUTE' | 'LOCAL' | 'CLEARANCE' | 'MODIFY', over: object = {}) => ({ rule, kind, techniques: 'all' as const, regions: 'all' as const, positioning: [], ...over });
    // Every case has five entries: jest.each would take a missing fifth for `done` and wait for it.
    const cases: [string, () => Promise<BookAppointmentRequest>, number, string, object][] = [
      ['a lapsed licence', async () => booking(await seedClient(pg, HOME), { therapistId: therapists.lapsed }), 422, 'licence-expired', {}],
      ['a technique without certification', async () => booking(await seedClient(pg, HOME), { therapistId: therapists.swedishOnly, techniques: ['deep-tissue'] }), 422, 'not-certified', { technique: 'deep-tissue' }],
      ['a client not screened yet', async () => booking(await seedClient(pg, HOME, null)), 422, 'screening-pending', {}],
      ['a deferred client', async () => booking(await seedClient(pg, HOME, { outcome: 'deferred', restrictions: [restriction('DVT_ACT', 'ABSOLUTE')] })), 422, 'deferred', {}],
      [
        'a technique the screening forbids',
        async () => booking(await seedClient(pg, HOME, { outcome: 'modified', restrictions: [restriction('ANTICOAG', 'MODIFY', { techniques: ['deep-tissue'], maxPressure: 'P2' })] }), { techniques: ['deep-tissue'], pressure: 'P3' }),
        422,
        'contraindicated',
        { screeningRule: 'ANTICOAG' },
      ],
      [
        'a clearance the screening needs',
        async () => booking(await seedClient(pg, HOME, { outcome: 'clearance-required', restrictions: [restriction('ONC_TX', 'CLEARANCE')] })),
        422,
        'clearance-required',
        { screeningRule: 'ONC_TX' },
      ],
      ['a start before opening', async () => booking(await seedClient(pg, HOME), { startsAt: at('2026-03-10', '07:00') }), 422, 'outside-hours', {}],
      ['a holiday', async () => booking(await seedClient(pg, HOME), { startsAt: at('2026-03-16', '10:00') }), 422, 'outside-hours', {}],
      ['a room without the equipment', async () => booking(await seedClient(pg, HOME), { serviceId: prenatal, techniques: ['prenatal'], roomId: rooms.plain }), 422, 'room-unsuitable', {}],
    ];

    it.each(cases)('%s', async (_, body, status, rule, detail) => {
      const request = await body();
      const before = await counts();
      const res = await book(request);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.body as Problem;
      expect(problem.type).toBe(`https://massage.example/problems/${rule}`);
      expect(problem.refusals).toContainEqual(expect.objectContaining({ rule, ...detail }));
      expect(await counts()).toEqual(before);
      const audited = (await pg.query(`SELECT outcome, reason FROM audit_record WHERE client_id = $1 AND operation = 'appointment.book'`, [request.clientId])).rows;
      expect(audited).toEqual([{ outcome: 'refused', reason: rule }]);
    });
  });

  describe('refuses bad input with 400 naming the field, writing nothing', () => {
    const cases: [string, () => Promise<request.Response>, string][] = [
      ['no Idempotency-Key', async () => api.post(desk, base('/appointments'), booking(await seedClient(pg, HOME)), null), 'Idempotency-Key'],
      ['an unknown field', async () => book({ ...booking(await seedClient(pg, HOME)), price: 120 } as BookAppointmentRequest), 'price'],
      ['a start in the past', async () => book(booking(await seedClient(pg, HOME), { startsAt: '2026-03-01T10:00:00-05:00' })), 'startsAt'],
      ['a service of another location', async () => book(booking(await seedClient(pg, HOME), { serviceId: randomUUID() })), 'serviceId'],
      ['a technique the service does not offer', async () => book(booking(await seedClient(pg, HOME), { techniques: ['sports'] })), 'techniques.0'],
    ];
    it.each(cases)('%s', async (_, send, field) => {
      const before = await counts();
      const res = await send();
      expect(res.status).toBe(400);
      expect(((res.body as Problem)['invalid-params'] ?? []).map((p) => p.name)).toContain(field);
      expect(await counts()).toEqual(before);
    });
  });

  it("answers 404 for another location's client and appointment, changing nothing", async () => {
    const theirs = await seedClient(pg, AWAY);
    const ours = await booked(booking(await seedClient(pg, HOME), { startsAt: at('2026-03-13', '15:00') }));
    const before = await counts();
    expect((await book(booking(theirs, { startsAt: at('2026-03-13', '17:00') }))).status).toBe(404);
    const awayManager: Actor = { subject: 'manager-2', role: 'location-manager', locationId: AWAY };
    expect((await api.get(awayManager, base(`/appointments/${ours.id}`, AWAY))).status).toBe(404);
    expect((await api.post(awayManager, base(`/appointments/${ours.id}/cancel`, AWAY), { reason: 'client-request' }, null)).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  describe('cancelling', () => {
    const cancel = (id: string) => api.post(desk, base(`/appointments/${id}/cancel`), { reason: 'client-request' }, null);
    afterEach(() => t.clock.set('2026-03-02T15:00:00Z'));

    it('inside the window is late; the event says so and the slot is free again', async () => {
      const appointment = await booked(booking(await seedClient(pg, HOME), { startsAt: at('2026-03-18', '10:00') }));
      t.clock.set('2026-03-17T20:00:00Z'); // 18 h before, inside the 24 h window
      const res = await cancel(appointment.id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', lateCancellation: true, cancellationReason: 'client-request' });
      const events = await outbox(appointment.id);
      expect(events.map((e) => e.type)).toEqual([AppointmentBooked.type, AppointmentCancelled.type]);
      expect(events[1]?.payload).toMatchObject({ lateCancellation: true, reason: 'client-request', cancelledAt: '2026-03-17T20:00:00.000Z' });
      await booked(booking(await seedClient(pg, HOME), { startsAt: at('2026-03-18', '10:00') }));
      // Again: the appointment as it is, no second event.
      expect((await cancel(appointment.id)).status).toBe(200);
      expect(await outbox(appointment.id)).toHaveLength(2);
    });

    it('before the window is not late', async () => {
      const appointment = await booked(booking(await seedClient(pg, HOME), { startsAt: at('2026-03-19', '10:00') }));
      t.clock.set('2026-03-17T20:00:00Z'); // 42 h before
      expect((await cancel(appointment.id)).body).toMatchObject({ status: 'cancelled', lateCancellation: false });
    });
  });

  describe('rescheduling', () => {
    it('onto a technique the screening forbids is refused and changes nothing', async () => {
      const clientId = await seedClient(pg, HOME, {
        outcome: 'modified',
        restrictions: [{ rule: 'ANTICOAG', kind: 'MODIFY', techniques: ['deep-tissue'], regions: 'all', maxPressure: 'P2', positioning: [] }],
      });
      const appointment = await booked(booking(clientId, { startsAt: at('2026-03-20', '10:00') }));
      const before = (await pg.query(`SELECT * FROM appointment WHERE id = $1`, [appointment.id])).rows;
      const res = await api.post(desk, base(`/appointments/${appointment.id}/reschedule`), { startsAt: at('2026-03-20', '15:00'), techniques: ['deep-tissue'], pressure: 'P3' }, null);
      expect(res.status).toBe(422);
      expect(res.body as Problem).toMatchObject({ type: 'https://massage.example/problems/contraindicated', refusals: [{ rule: 'contraindicated', screeningRule: 'ANTICOAG' }] });
      expect((await pg.query(`SELECT * FROM appointment WHERE id = $1`, [appointment.id])).rows).toEqual(before);
      expect((await outbox(appointment.id)).map((e) => e.type)).toEqual([AppointmentBooked.type]);
    });

    it('to a free time moves it, its own old span not counting; onto a taken span it is refused slot-taken', async () => {
      const appointment = await booked(booking(await seedClient(pg, HOME), { startsAt: at('2026-03-20', '12:00'), therapistId: therapists.t2 }));
      const overlapping = at('2026-03-20', '12:30');
      const moved = await api.post(desk, base(`/appointments/${appointment.id}/reschedule`), { startsAt: overlapping }, null);
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ startsAt: '2026-03-20T16:30:00.000Z', therapistId: therapists.t2 });
      const events = await outbox(appointment.id);
      expect(events.map((e) => e.type)).toEqual([AppointmentBooked.type, AppointmentRescheduled.type]);
      expect(events[1]?.payload).toMatchObject({ previousStartsAt: '2026-03-20T16:00:00.000Z', startsAt: '2026-03-20T16:30:00.000Z' });
      const other = await booked(booking(await seedClient(pg, HOME), { startsAt: at('2026-03-20', '15:00'), therapistId: therapists.t2 }));
      const clash = await api.post(desk, base(`/appointments/${other.id}/reschedule`), { startsAt: at('2026-03-20', '13:00') }, null);
      expect([clash.status, (clash.body as Problem).type]).toEqual([409, 'https://massage.example/problems/slot-taken']);
    });
  });

  describe("the appointment's day", () => {
    afterEach(() => t.clock.set('2026-03-02T15:00:00Z'));
    const step = (id: string, what: string) => api.post(desk, base(`/appointments/${id}/${what}`), {}, null);

    it('check-in then complete; complete before check-in is refused invalid-transition', async () => {
      const appointment = await booked(booking(await seedClient(pg, HOME), { startsAt: at('2026-03-21', '10:00') }));
      const early = await step(appointment.id, 'complete');
      expect([early.status, (early.body as Problem).type]).toEqual([409, 'https://massage.example/problems/invalid-transition']);
      expect((await step(appointment.id, 'check-in')).body).toMatchObject({ status: 'checked-in' });
      expect((await step(appointment.id, 'complete')).body).toMatchObject({ status: 'completed' });
      expect((await outbox(appointment.id)).map((e) => e.type)).toEqual([AppointmentBooked.type, 'massage.scheduling.ClientCheckedIn.v1', 'massage.scheduling.AppointmentCompleted.v1']);
    });

    it('a no-show only once started; it frees the span', async () => {
      const start = at('2026-03-21', '15:00');
      const appointment = await booked(booking(await seedClient(pg, HOME), { startsAt: start }));
      const early = await step(appointment.id, 'no-show');
      expect([early.status, (early.body as Problem).type]).toEqual([409, 'https://massage.example/problems/not-started']);
      t.clock.set('2026-03-21T19:10:00Z');
      expect((await step(appointment.id, 'no-show')).body).toMatchObject({ status: 'no-show' });
      expect((await outbox(appointment.id)).map((e) => e.type)).toEqual([AppointmentBooked.type, NoShowRecorded.type]);
      t.clock.set('2026-03-02T15:00:00Z');
      await booked(booking(await seedClient(pg, HOME), { startsAt: start }));
    });
  });

  it('searches free slots in local time: the day of a therapist, less a booking and its buffer', async () => {
    const search = async () =>
      (await api.get(desk, base(`/availability?serviceId=${swedish}&from=2026-03-24&to=2026-03-24&therapistId=${therapists.t2}`)).expect(200)).body as AvailabilityResponse;
    const free = await search();
    expect(free.timeZone).toBe('America/Toronto');
    expect(free.slots[0]).toMatchObject({ localDate: '2026-03-24', localTime: '08:00', startsAt: '2026-03-24T08:00:00-04:00', therapistId: therapists.t2 });
    expect(free.slots.map((s) => s.localTime).at(-1)).toBe('19:00');
    await booked(booking(await seedClient(pg, HOME), { startsAt: at('2026-03-24', '10:00'), therapistId: therapists.t2 }));
    const times = (await search()).slots.map((s) => s.localTime);
    expect(times).toContain('08:45');
    expect(times).not.toContain('09:00'); // 09:00 + 60 min + 15 min buffer would meet 10:00
    expect(times).not.toContain('11:00'); // inside the booking's buffer
    expect(times).toContain('11:15');
  });

  it('keeps 08:00 at 08:00 local across the spring-forward weekend (offset −05:00, then −04:00)', async () => {
    const res = await api.get(desk, base(`/availability?serviceId=${swedish}&from=2026-03-07&to=2026-03-08&therapistId=${therapists.t2}`)).expect(200);
    const firsts = (res.body as AvailabilityResponse).slots.filter((s) => s.localTime === '08:00').map((s) => s.startsAt);
    expect(firsts).toEqual(['2026-03-07T08:00:00-05:00', '2026-03-08T08:00:00-04:00']);
  });

  it('offers no slot that has begun', async () => {
    t.clock.set('2026-03-25T16:05:00Z'); // 12:05 in Toronto
    try {
      const res = await api.get(desk, base(`/availability?serviceId=${swedish}&from=2026-03-25&to=2026-03-25&therapistId=${therapists.t2}`)).expect(200);
      expect((res.body as AvailabilityResponse).slots[0]?.localTime).toBe('12:15');
    } finally {
      t.clock.set('2026-03-02T15:00:00Z');
    }
  });
});

/** Therapists straight into the tables (the concurrency test needs a hundred): licensed, certified, on shift every day at HOME. */
async function seedTherapists(pg: Client, n: number, techniques: string[] = ['swedish']): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (const id of ids) {
    await pg.query(`INSERT INTO therapist (id, subject, display_name, registered_at) VALUES ($1, $2, 'T', now())`, [id, `seeded-${id}`]);
    await pg.query(`INSERT INTO therapist_location (therapist_id, location_id) VALUES ($1, $2)`, [id, HOME]);
    await pg.query(`INSERT INTO therapist_licence (therapist_id, jurisdiction, number, expires_on, recorded_at) VALUES ($1, 'CA-ON', 'RMT-X', '2030-12-31', now())`, [id]);
    await pg.query(`INSERT INTO therapist_certification (therapist_id, technique, recorded_at) SELECT $1, t, now() FROM unnest($2::text[]) AS t`, [id, techniques]);
    await pg.query(
      `INSERT INTO therapist_shift (therapist_id, location_id, weekday, starts, ends) SELECT $1, $2, d, '08:00', '20:00' FROM unnest($3::text[]) AS d`,
      [id, HOME, [...EVERY_DAY]],
    );
  }
  return ids;
}
