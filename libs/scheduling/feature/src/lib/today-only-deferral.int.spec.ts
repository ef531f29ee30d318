import { generateAssertionKeyPair } from '@massage/platform-security';
import type { AvailabilityResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { openTestLocation, SchedulingCaller, seedClient, startSchedulingTestApp, type SchedulingTestApp, type TestCalendar } from './testing/scheduling-test-app';

jest.setTimeout(120_000);

const HOME = 'downtown-toronto';
const keys = generateAssertionKeyPair('deferral-spec');
const desk: Actor = { subject: `desk@${HOME}`, role: 'front-desk', locationId: HOME };

/**
 * A client screened at 10:00 Toronto on 2026-03-10 (14:00Z) with a fever today: intake defers them with FEVER
 * (ABSOLUTE, reScreenBy at the UTC day's end) and keeps a LOCAL rule for varicose veins on the left calf. Through
 * scheduling's HTTP API on PostgreSQL, with the projection's row as intake's event leaves it.
 */
describe('a today-only deferral (HTTP, PostgreSQL)', () => {
  let t: SchedulingTestApp;
  let api: SchedulingCaller;
  let calendar: TestCalendar;
  let clientId: string;

  const book = (startsAt: string, focusRegions = ['upper-back']) =>
    api.post(desk, `/locations/${HOME}/appointments`, { clientId, therapistId: calendar.therapistId, serviceId: calendar.serviceId, startsAt, techniques: ['swedish'], focusRegions, pressure: 'P2' });
  const refusal = (body: unknown) => {
    const problem = body as { rule: string; refusals?: { rule: string; screeningRule?: string; screeningRules?: string[] }[] };
    return { rule: problem.rule, rules: (problem.refusals ?? []).map((r) => r.screeningRule ?? r.screeningRules) };
  };

  beforeAll(async () => {
    t = await startSchedulingTestApp('deferral', { gatewayPublicKeysJson: keys.publicKeysJson, now: '2026-03-10T14:00:00Z' });
    api = new SchedulingCaller(t.baseUrl, keys.signer);
    calendar = await openTestLocation(api, HOME);
    clientId = await seedClient(
      t.pg,
      HOME,
      {
        outcome: 'deferred',
        restrictions: [
          { rule: 'FEVER', kind: 'ABSOLUTE', techniques: 'all', regions: 'all', positioning: [], reScreenBy: '2026-03-11T00:00:00.000Z' },
          { rule: 'VARIC', kind: 'LOCAL', techniques: 'all', regions: ['left-calf'], maxPressure: 'none', positioning: [] },
        ],
      },
      new Date('2026-03-10T14:00:00Z'),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses the rest of the day (422 deferred, naming FEVER)', async () => {
    const res = await book('2026-03-10T18:00:00-04:00');
    expect([res.status, refusal(res.body)]).toEqual([422, { rule: 'deferred', rules: [['FEVER']] }]);
  });

  it('offers no slot that day and offers the next day', async () => {
    const res = await api.get(desk, `/locations/${HOME}/availability?serviceId=${calendar.serviceId}&from=2026-03-10&to=2026-03-11&clientId=${clientId}`).expect(200);
    const days = new Set((res.body as AvailabilityResponse).slots.map((s) => s.localDate));
    expect(days).toEqual(new Set(['2026-03-11']));
  });

  it('books the next day, where what else was screened still holds (the left calf stays off limits)', async () => {
    const calf = await book('2026-03-12T09:00:00-04:00', ['left-calf']);
    expect([calf.status, refusal(calf.body)]).toEqual([422, { rule: 'contraindicated', rules: ['VARIC'] }]);
    expect((await book('2026-03-11T09:00:00-04:00')).status).toBe(201);
  });
});
