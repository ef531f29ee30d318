import { declaredRoutes, generateAssertionKeyPair, type DeclaredRoute } from '@massage/platform-security';
import type { AppointmentResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { SchedulingModule } from './scheduling.module';
import { EVERY_DAY, openTestLocation, SchedulingCaller, seedClient, startSchedulingTestApp, type SchedulingTestApp, type TestCalendar } from './testing/scheduling-test-app';

jest.setTimeout(120_000);

const HOME = 'downtown-toronto';
const UNKNOWN = 'nowhere-known';
const keys = generateAssertionKeyPair('unknown-location-spec');
// HQ reaches every location, so what answers is the service's own lookup, not the policy guard.
const hq: Actor = { subject: 'hq-1', role: 'hq-admin', locationId: '*' };

/**
 * Scheduling owns the location codes: every route that names a location answers 404 problem+json for a code it
 * does not know, with a valid body and ids that exist at another location (so neither validation nor a missing
 * id answers first), and writes nothing. Generated from the route declarations: a new location route fails
 * here until it is given a valid body below.
 */
describe('an unknown location code (HTTP, PostgreSQL)', () => {
  let t: SchedulingTestApp;
  let api: SchedulingCaller;
  let home: TestCalendar;
  let clientId: string;
  let appointmentId: string;
  let waitlistEntryId: string;

  const plan = { techniques: ['swedish'], focusRegions: ['upper-back'], pressure: 'P2' };
  /** A valid body (or query) per location route, by `METHOD path`. */
  const requests = (): Record<string, { body?: object; query?: string }> => ({
    'GET /locations/:locationId': {},
    'PUT /locations/:locationId': { body: { name: 'Nowhere', timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openingHours: [], cancellationWindowMinutes: 60 } },
    'POST /locations/:locationId/rooms': { body: { code: 'room-9', name: 'Room 9', equipment: [] } },
    'POST /locations/:locationId/services': { body: { code: 'swedish-30', name: 'Swedish', durationMinutes: 30, bufferMinutes: 0, techniques: ['swedish'], requiredEquipment: [] } },
    'POST /locations/:locationId/closures': { body: { from: '2026-12-25', to: '2026-12-25', reason: 'holiday' } },
    'POST /locations/:locationId/therapists': { body: { subject: 'therapist-nowhere', displayName: 'Nobody' } },
    'GET /locations/:locationId/therapists/:therapistId': {},
    'PUT /locations/:locationId/therapists/:therapistId/licence': { body: { number: 'RMT-9', jurisdiction: 'CA-ON', expiresOn: '2030-12-31' } },
    'PUT /locations/:locationId/therapists/:therapistId/certifications/:technique': { body: {} },
    'PUT /locations/:locationId/therapists/:therapistId/shifts': { body: { shifts: EVERY_DAY.map((weekday) => ({ weekday, from: '08:00', to: '20:00' })) } },
    'POST /locations/:locationId/therapists/:therapistId/time-off': { body: { from: '2026-12-24T00:00:00-05:00', to: '2026-12-26T00:00:00-05:00', reason: 'vacation' } },
    'GET /locations/:locationId/availability': { query: `serviceId=${home.serviceId}&from=2026-03-10&to=2026-03-10` },
    'POST /locations/:locationId/appointments': { body: { clientId, therapistId: home.therapistId, serviceId: home.serviceId, startsAt: '2026-03-11T10:00:00-04:00', ...plan } },
    'GET /locations/:locationId/appointments/:appointmentId': {},
    'POST /locations/:locationId/appointments/:appointmentId/reschedule': { body: { startsAt: '2026-03-12T10:00:00-04:00' } },
    'POST /locations/:locationId/appointments/:appointmentId/cancel': { body: { reason: 'client-request' } },
    'POST /locations/:locationId/appointments/:appointmentId/check-in': {},
    'POST /locations/:locationId/appointments/:appointmentId/complete': {},
    'POST /locations/:locationId/appointments/:appointmentId/no-show': {},
    'POST /locations/:locationId/series': { body: { clientId, therapistId: home.therapistId, serviceId: home.serviceId, firstDate: '2026-03-16', localTime: '10:00', count: 3, everyWeeks: 1, ...plan } },
    'POST /locations/:locationId/waitlist': { body: { clientId, serviceId: home.serviceId, from: '2026-03-16', to: '2026-03-20', ...plan } },
    'GET /locations/:locationId/waitlist': {},
    'GET /locations/:locationId/waitlist/:entryId': {},
    'POST /locations/:locationId/waitlist/:entryId/leave': {},
    'POST /locations/:locationId/waitlist/:entryId/offer/accept': {},
    'POST /locations/:locationId/waitlist/:entryId/offer/decline': {},
  });
  const locationRoutes = declaredRoutes(SchedulingModule).filter((r) => r.path.startsWith('/locations/:locationId'));
  const counts = async (): Promise<unknown> =>
    (
      await t.pg.query(
        `SELECT (SELECT count(*) FROM location)::int AS locations, (SELECT count(*) FROM room)::int AS rooms, (SELECT count(*) FROM therapist)::int AS therapists,
                (SELECT count(*) FROM appointment)::int AS appointments, (SELECT count(*) FROM outbox WHERE topic <> 'audit.v1')::int AS events`,
      )
    ).rows[0];

  beforeAll(async () => {
    t = await startSchedulingTestApp('unknownloc', { gatewayPublicKeysJson: keys.publicKeysJson, now: '2026-03-02T15:00:00Z' });
    api = new SchedulingCaller(t.baseUrl, keys.signer);
    home = await openTestLocation(api, HOME);
    clientId = await seedClient(t.pg, HOME);
    const desk: Actor = { subject: 'desk-1', role: 'front-desk', locationId: HOME };
    const booked = await api.post(desk, `/locations/${HOME}/appointments`, { clientId, therapistId: home.therapistId, serviceId: home.serviceId, startsAt: '2026-03-10T10:00:00-04:00', ...plan });
    expect(booked.status).toBe(201);
    appointmentId = (booked.body as AppointmentResponse).id;
    const joined = await api.post(desk, `/locations/${HOME}/waitlist`, { clientId, serviceId: home.serviceId, from: '2026-03-16', to: '2026-03-20', ...plan });
    expect(joined.status).toBe(201);
    waitlistEntryId = (joined.body as { id: string }).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has a valid request for every route that names a location', () => {
    expect(locationRoutes.map((r) => `${r.method} ${r.path}`).filter((k) => !(k in requests()))).toEqual([]);
  });

  const answersUnknown = async (key: string, route: DeclaredRoute): Promise<void> => {
    const { body, query } = requests()[key] ?? {};
    const path = route.path
      .replace(':locationId', UNKNOWN)
      .replace(':therapistId', home.therapistId)
      .replace(':appointmentId', appointmentId)
      .replace(':entryId', waitlistEntryId)
      .replace(':technique', 'swedish');
    const before = await counts();
    const res =
      route.method === 'GET' ? await api.get(hq, query ? `${path}?${query}` : path) : route.method === 'PUT' ? await api.put(hq, path, body ?? {}) : await api.post(hq, path, body ?? {});
    expect({ key, status: res.status, type: res.headers['content-type'] }).toEqual({ key, status: 404, type: expect.stringMatching(/^application\/problem\+json/) });
    expect(await counts()).toEqual(before);
  };
  const keyOf = (r: DeclaredRoute): string => `${r.method} ${r.path}`;

  it.each(locationRoutes.map((r) => [keyOf(r), r] as const))('%s → 404 problem+json, nothing written', answersUnknown);
});
