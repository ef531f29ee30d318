import { randomUUID } from 'node:crypto';
import { AppointmentBooked } from '@massage/contracts';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { AppointmentResponse, BookSeriesRequest, SeriesBookingResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { openTestLocation, SchedulingCaller, seedClient, startSchedulingTestApp, type SchedulingTestApp, type TestCalendar } from './testing/scheduling-test-app';

jest.setTimeout(120_000);

const TORONTO = 'downtown-toronto';
const LONDON = 'soho-london';
const keys = generateAssertionKeyPair('series-spec');
const deskAt = (locationId: string): Actor => ({ subject: `desk@${locationId}`, role: 'front-desk', locationId });
const managerAt = (locationId: string): Actor => ({ subject: `manager@${locationId}`, role: 'location-manager', locationId });

/**
 * Series booking over HTTP on a real PostgreSQL (relay off; events read from the outbox): N sessions every k weeks
 * keep their local time across DST changes (Toronto's fall-back, London's spring-forward), each session is
 * checked as a single booking, and the refused ones are reported with the rule that refused them while the others
 * are booked (best-effort, ADR 0015); the same Idempotency-Key answers the same report.
 */
describe('series booking (HTTP, PostgreSQL)', () => {
  let t: SchedulingTestApp;
  let api: SchedulingCaller;
  let toronto: TestCalendar;
  let london: TestCalendar;

  const series = (calendar: TestCalendar, clientId: string, over: Partial<BookSeriesRequest> = {}): BookSeriesRequest => ({
    clientId,
    therapistId: calendar.therapistId,
    serviceId: calendar.serviceId,
    firstDate: '2026-10-05',
    localTime: '10:00',
    count: 6,
    everyWeeks: 2,
    techniques: ['swedish'],
    focusRegions: ['lower-back'],
    pressure: 'P3',
    ...over,
  });

  beforeAll(async () => {
    t = await startSchedulingTestApp('sched_series', { gatewayPublicKeysJson: keys.publicKeysJson, now: '2026-03-01T12:00:00Z' });
    api = new SchedulingCaller(t.baseUrl, keys.signer);
    toronto = await openTestLocation(api, TORONTO);
    london = await openTestLocation(api, LONDON, 'Europe/London');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('books 6 sessions every 2 weeks at 10:00 Toronto time across the fall-back, reporting the one on time off and the one already taken with their rules', async () => {
    const desk = deskAt(TORONTO);
    const clientId = await seedClient(t.pg, TORONTO);
    // The therapist is off on 2026-11-16 (a Monday), and another client holds 2026-11-30 10:00.
    await api
      .post(managerAt(TORONTO), `/locations/${TORONTO}/therapists/${toronto.therapistId}/time-off`, { from: '2026-11-16T00:00:00-05:00', to: '2026-11-17T00:00:00-05:00', reason: 'vacation' })
      .expect(201);
    const other = await api.post(desk, `/locations/${TORONTO}/appointments`, {
      clientId: await seedClient(t.pg, TORONTO),
      therapistId: toronto.therapistId,
      serviceId: toronto.serviceId,
      startsAt: '2026-11-30T10:00:00-05:00',
      techniques: ['swedish'],
      focusRegions: ['neck'],
      pressure: 'P2',
    });
    expect(other.status).toBe(201);

    const key = randomUUID();
    const res = await api.post(desk, `/locations/${TORONTO}/series`, series(toronto, clientId), key);
    expect(res.status).toBe(201);
    const report = res.body as SeriesBookingResponse;
    expect(report).toMatchObject({ locationId: TORONTO, clientId, therapistId: toronto.therapistId, timeZone: 'America/Toronto', count: 6, everyWeeks: 2 });
    // EDT (UTC−4) until 2026-11-01, EST (UTC−5) after: the instants move, the wall clock does not.
    expect(report.booked.map((b) => [b.index, b.localDate, b.localTime, b.appointment.startsAt, b.appointment.status])).toEqual([
      [0, '2026-10-05', '10:00', '2026-10-05T14:00:00.000Z', 'booked'],
      [1, '2026-10-19', '10:00', '2026-10-19T14:00:00.000Z', 'booked'],
      [2, '2026-11-02', '10:00', '2026-11-02T15:00:00.000Z', 'booked'],
      [5, '2026-12-14', '10:00', '2026-12-14T15:00:00.000Z', 'booked'],
    ]);
    expect(report.refused).toEqual([
      { index: 3, localDate: '2026-11-16', localTime: '10:00', startsAt: '2026-11-16T15:00:00.000Z', rule: 'outside-hours', refusals: [{ rule: 'outside-hours', reason: 'time-off' }] },
      {
        index: 4,
        localDate: '2026-11-30',
        localTime: '10:00',
        startsAt: '2026-11-30T15:00:00.000Z',
        rule: 'slot-taken',
        // The location's one room is taken too.
        refusals: [
          { rule: 'slot-taken', resource: 'therapist', appointmentId: (other.body as AppointmentResponse).id },
          { rule: 'slot-taken', resource: 'room' },
        ],
      },
    ]);

    // Each booked session is an appointment of its own with its AppointmentBooked; each refusal is audited.
    const ids = report.booked.map((b) => b.appointment.id);
    expect((await t.pg.query(`SELECT key FROM outbox WHERE type = $1 AND key = ANY($2) ORDER BY key`, [AppointmentBooked.type, ids])).rows).toEqual([...ids].sort().map((key) => ({ key })));
    expect((await t.pg.query(`SELECT reason FROM audit_record WHERE client_id = $1 AND operation = 'appointment.book' AND outcome = 'refused' ORDER BY seq`, [clientId])).rows).toEqual([
      { reason: 'outside-hours' },
      { reason: 'slot-taken' },
    ]);

    // The same key again: the same report, nothing booked twice.
    const again = await api.post(desk, `/locations/${TORONTO}/series`, series(toronto, clientId), key);
    expect([again.status, again.body]).toEqual([201, report]);
    expect((await t.pg.query(`SELECT count(*)::int AS n FROM appointment WHERE client_id = $1`, [clientId])).rows).toEqual([{ n: 4 }]);
  });

  it("keeps 09:00 London time weekly across the spring-forward (GMT, then BST)", async () => {
    const clientId = await seedClient(t.pg, LONDON);
    const res = await api.post(deskAt(LONDON), `/locations/${LONDON}/series`, series(london, clientId, { firstDate: '2026-03-23', localTime: '09:00', count: 3, everyWeeks: 1 }));
    expect(res.status).toBe(201);
    const report = res.body as SeriesBookingResponse;
    expect(report.refused).toEqual([]);
    expect(report.booked.map((b) => b.appointment.startsAt)).toEqual(['2026-03-23T09:00:00.000Z', '2026-03-30T08:00:00.000Z', '2026-04-06T08:00:00.000Z']);
  });

  it('refuses a series starting in the past or of one session (400 naming the field), booking nothing', async () => {
    const clientId = await seedClient(t.pg, TORONTO);
    const past = await api.post(deskAt(TORONTO), `/locations/${TORONTO}/series`, series(toronto, clientId, { firstDate: '2026-02-23' }));
    expect([past.status, past.body['invalid-params']]).toEqual([400, [{ name: 'firstDate', reason: 'the first session must not be in the past' }]]);
    const single = await api.post(deskAt(TORONTO), `/locations/${TORONTO}/series`, series(toronto, clientId, { count: 1 }));
    expect(single.status).toBe(400);
    expect((await t.pg.query(`SELECT count(*)::int AS n FROM appointment WHERE client_id = $1`, [clientId])).rows).toEqual([{ n: 0 }]);
  });
});
