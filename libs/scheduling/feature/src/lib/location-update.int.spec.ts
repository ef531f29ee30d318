import { LocationOpened, LocationUpdated } from '@massage/contracts';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { AppointmentResponse, LocationResponse, UpdateLocationRequest } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { EVERY_DAY, openTestLocation, SchedulingCaller, seedClient, startSchedulingTestApp, type SchedulingTestApp, type TestCalendar } from './testing/scheduling-test-app';

jest.setTimeout(120_000);

const HOME = 'downtown-toronto';
const AWAY = 'soho-london';
const keys = generateAssertionKeyPair('location-update-spec');
const hq: Actor = { subject: 'hq-1', role: 'hq-admin', locationId: '*' };
const manager: Actor = { subject: `manager@${HOME}`, role: 'location-manager', locationId: HOME };
const desk: Actor = { subject: `desk@${HOME}`, role: 'front-desk', locationId: HOME };

/**
 * `PUT /locations/:locationId` on a real PostgreSQL (relay off; events read from the outbox): settings replaced,
 * LocationUpdated with the whole published state only when name, zone or jurisdiction change, a zone change
 * refused while appointments are to come.
 */
describe('location update (HTTP, PostgreSQL)', () => {
  let t: SchedulingTestApp;
  let api: SchedulingCaller;
  let home: TestCalendar;

  const settings = (over: Partial<UpdateLocationRequest> = {}): UpdateLocationRequest => ({
    name: HOME,
    timeZone: 'America/Toronto',
    jurisdiction: 'CA-ON',
    openingHours: EVERY_DAY.map((weekday) => ({ weekday, windows: [{ from: '08:00', to: '20:00' }] })),
    cancellationWindowMinutes: 1440,
    ...over,
  });
  const put = (actor: Actor, body: object, location = HOME) => api.put(actor, `/locations/${location}`, body);
  const events = async (key: string): Promise<{ type: string; topic: string; payload: Record<string, unknown> }[]> =>
    (await t.pg.query(`SELECT type, topic, payload FROM outbox WHERE key = $1 AND topic <> 'audit.v1' ORDER BY seq`, [key])).rows;

  beforeAll(async () => {
    t = await startSchedulingTestApp('locupdate', { gatewayPublicKeysJson: keys.publicKeysJson, now: '2026-03-02T15:00:00Z' });
    api = new SchedulingCaller(t.baseUrl, keys.signer);
    home = await openTestLocation(api, HOME);
    await openTestLocation(api, AWAY, 'Europe/London');
  });

  afterAll(async () => {
    await t?.close();
  });

  it("replaces the location's settings and publishes LocationUpdated with its whole state, keyed by code on the locations topic", async () => {
    const body = settings({ name: 'Downtown Toronto', openingHours: [{ weekday: 'monday', windows: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '19:00' }] }], cancellationWindowMinutes: 720 });
    const res = await put(manager, body);
    expect(res.status).toBe(200);
    expect(res.body as LocationResponse).toMatchObject({ code: HOME, ...body });
    expect((res.body as LocationResponse).rooms).toHaveLength(1);
    await api.get(desk, `/locations/${HOME}`).expect(200, res.body as object);
    const [opened, updated, ...rest] = await events(HOME);
    expect(rest).toEqual([]);
    expect(opened?.type).toBe(LocationOpened.type);
    expect(updated).toEqual({
      type: LocationUpdated.type,
      topic: LocationUpdated.topic,
      payload: { locationId: HOME, name: 'Downtown Toronto', timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openedAt: opened?.payload['openedAt'], updatedAt: '2026-03-02T15:00:00.000Z' },
    });
    expect((await t.pg.query(`SELECT operation, outcome FROM audit_record WHERE operation = 'location.update'`)).rows).toEqual([{ operation: 'location.update', outcome: 'allowed' }]);
  });

  it('publishes nothing for the same settings again, nor for hours or a cancellation window alone (scheduling keeps those)', async () => {
    const current = (await api.get(desk, `/locations/${HOME}`).expect(200)).body as LocationResponse;
    const same = settings({ name: current.name, openingHours: current.openingHours, cancellationWindowMinutes: current.cancellationWindowMinutes });
    await put(manager, same).expect(200);
    await put(hq, { ...same, openingHours: [], cancellationWindowMinutes: 60 }).expect(200);
    expect((await events(HOME)).map((e) => e.type)).toEqual([LocationOpened.type, LocationUpdated.type]);
    expect(((await api.get(desk, `/locations/${HOME}`).expect(200)).body as LocationResponse).openingHours).toEqual([]);
    await put(manager, settings({ name: current.name })).expect(200);
  });

  it('refuses a front desk and another location’s manager (403), an unknown location (404), bad settings (400), changing nothing', async () => {
    const before = await events(HOME);
    expect((await put(desk, settings({ name: 'Desk was here' }))).status).toBe(403);
    expect((await put({ ...manager, locationId: AWAY }, settings({ name: 'Away was here' }))).status).toBe(403);
    const unknown = await put(hq, settings(), 'nowhere-at-all');
    expect([unknown.status, unknown.headers['content-type']]).toEqual([404, expect.stringMatching(/^application\/problem\+json/)]);
    const overlapping = await put(manager, settings({ openingHours: [{ weekday: 'monday', windows: [{ from: '09:00', to: '12:00' }, { from: '11:00', to: '13:00' }] }] }));
    expect([overlapping.status, (overlapping.body as { 'invalid-params'?: { name: string }[] })['invalid-params']?.map((p) => p.name)]).toEqual([400, ['openingHours.0.windows.1.from']]);
    expect((await put(manager, { ...settings(), code: 'renamed' })).status).toBe(400);
    expect(await events(HOME)).toEqual(before);
    expect(((await api.get(desk, `/locations/${HOME}`).expect(200)).body as LocationResponse).name).toBe('Downtown Toronto');
  });

  it('refuses a new time zone while an appointment is to come (409 zone-change-with-bookings), allows it once none is', async () => {
    const clientId = await seedClient(t.pg, HOME);
    const booked = await api.post(desk, `/locations/${HOME}/appointments`, {
      clientId,
      therapistId: home.therapistId,
      serviceId: home.serviceId,
      startsAt: '2026-03-10T14:00:00-04:00',
      techniques: ['swedish'],
      focusRegions: ['upper-back'],
      pressure: 'P2',
    });
    expect(booked.status).toBe(201);
    const before = await events(HOME);
    const refused = await put(hq, settings({ name: 'Downtown Toronto', timeZone: 'America/Vancouver' }));
    expect([refused.status, (refused.body as { type: string }).type]).toEqual([409, 'https://massage.example/problems/zone-change-with-bookings']);
    expect(((await api.get(desk, `/locations/${HOME}`).expect(200)).body as LocationResponse).timeZone).toBe('America/Toronto');
    expect(await events(HOME)).toEqual(before);

    // Other settings still change while bookings are ahead.
    await put(manager, settings({ name: 'Downtown Toronto', jurisdiction: 'CA-BC' })).expect(200);

    // Once the appointment is over, nothing is ahead: the zone may change, and the new state is published.
    t.clock.set(new Date(new Date((booked.body as AppointmentResponse).endsAt).getTime() + 1));
    const moved = await put(hq, settings({ name: 'Downtown Toronto', timeZone: 'America/Vancouver', jurisdiction: 'CA-BC' }));
    expect([moved.status, (moved.body as LocationResponse).timeZone]).toEqual([200, 'America/Vancouver']);
    expect((await events(HOME)).slice(-2).map((e) => [e.payload['timeZone'], e.payload['jurisdiction']])).toEqual([
      ['America/Toronto', 'CA-BC'],
      ['America/Vancouver', 'CA-BC'],
    ]);
  });
});
