import { checkBooking } from './booking-check';
import { searchAvailability } from './availability';
import { deferralEnd, screeningFor } from './eligibility.types';
import { context, location, request, restriction, screening, service, therapist } from '../test/fixtures';

/**
 * A today-only deferral (intake: a symptom answered today fires an ABSOLUTE rule with `reScreenBy` at that UTC
 * day's end). Toronto is UTC−4 from 2026-03-08: FEVER answered on 2026-03-10 at 10:00 local (14:00Z) carries
 * reScreenBy 2026-03-11T00:00Z, which is 20:00 local on the 10th; the deferral holds to Toronto's midnight.
 */
const FEVER_TODAY = restriction({ rule: 'FEVER', kind: 'ABSOLUTE', reScreenBy: new Date('2026-03-11T00:00:00Z') });
const VARIC_LEGS = restriction({ rule: 'VARIC', kind: 'LOCAL', regions: ['left-calf', 'right-calf'] });
const feverToday = screening([FEVER_TODAY, VARIC_LEGS], { outcome: 'deferred', asOf: new Date('2026-03-10T14:00:00Z') });
const TORONTO = 'America/Toronto';

describe('deferralEnd', () => {
  it("is the midnight after the location's local day holding the last deferred instant", () => {
    expect(deferralEnd(new Date('2026-03-11T00:00:00Z'), TORONTO).toISOString()).toBe('2026-03-11T04:00:00.000Z');
    // East of UTC the UTC day ends at 09:00 in Tokyo: the deferral still covers all of Tokyo's day.
    expect(deferralEnd(new Date('2026-03-11T00:00:00Z'), 'Asia/Tokyo').toISOString()).toBe('2026-03-11T15:00:00.000Z');
    expect(deferralEnd(new Date('2026-03-11T00:00:00Z'), 'UTC').toISOString()).toBe('2026-03-11T00:00:00.000Z');
  });
});

describe('screeningFor', () => {
  it('keeps a today-only deferral until the local day ends, then drops it and keeps the rest', () => {
    expect(screeningFor(feverToday, new Date('2026-03-11T03:59:00Z'), TORONTO)).toBe(feverToday);
    expect(screeningFor(feverToday, new Date('2026-03-11T04:00:00Z'), TORONTO)).toEqual({ ...feverToday, outcome: 'restricted', restrictions: [VARIC_LEGS] });
  });

  it('never drops a deferral without reScreenBy, nor any other kind at its reScreenBy, nor a deferred outcome naming no rule', () => {
    const later = new Date('2027-01-01T00:00:00Z');
    const dvt = screening([restriction({ rule: 'DVT_ACT', kind: 'ABSOLUTE' })], { outcome: 'deferred' });
    const radiation = screening([restriction({ rule: 'ONC_RAD', kind: 'LOCAL', regions: ['chest'], reScreenBy: new Date('2026-06-01T00:00:00Z') })], { outcome: 'restricted' });
    const unnamed = screening([], { outcome: 'deferred' });
    for (const s of [dvt, radiation, unnamed]) expect(screeningFor(s, later, TORONTO)).toBe(s);
    expect(screeningFor(undefined, later, TORONTO)).toBeUndefined();
  });

  it('reads the outcome again from what remains', () => {
    const s = (rest: ReturnType<typeof restriction>[]) => screeningFor(screening([FEVER_TODAY, ...rest], { outcome: 'deferred' }), new Date('2026-03-12T00:00:00Z'), TORONTO)?.outcome;
    expect(s([])).toBe('cleared');
    expect(s([restriction({ rule: 'OSTEO', kind: 'MODIFY', maxPressure: 'P2' })])).toBe('modified');
    expect(s([restriction({ rule: 'SURG', kind: 'CLEARANCE' })])).toBe('clearance-required');
    expect(s([restriction({ rule: 'SURG', kind: 'CLEARANCE', satisfiedBy: 'c1' })])).toBe('modified');
    expect(s([restriction({ rule: 'RA_FLARE', kind: 'ABSOLUTE' })])).toBe('deferred');
  });
});

describe('a today-only deferral in the booking check and the search', () => {
  const tomorrowMorning = new Date('2026-03-11T13:00:00Z'); // 09:00 Toronto

  it('refuses the rest of the day, its evening after the UTC day ended included, then books what the other restrictions allow', () => {
    const refused = (iso: string) => {
      const decision = checkBooking(request({ start: new Date(iso) }), context({ screening: feverToday }));
      return decision.ok ? [] : decision.refusals;
    };
    expect(refused('2026-03-10T19:00:00Z')).toEqual([{ rule: 'deferred', screeningRules: ['FEVER'] }]); // 15:00 Toronto
    // 20:30 Toronto: the UTC day is over, the client's is not (the location is closed then too).
    expect(refused('2026-03-11T00:30:00Z')).toContainEqual({ rule: 'deferred', screeningRules: ['FEVER'] });
    expect(refused(tomorrowMorning.toISOString())).toEqual([]);
    const calves = checkBooking(request({ start: tomorrowMorning, focusRegions: ['left-calf'] }), context({ screening: feverToday }));
    expect(calves.ok ? [] : calves.refusals.map((r) => (r.rule === 'contraindicated' ? r.screeningRule : r.rule))).toEqual(['VARIC']);
  });

  it('offers no slot on the deferred day and the next day’s slots as the check accepts them', () => {
    const slots = searchAvailability(
      { from: '2026-03-10', to: '2026-03-11', client: { clientId: 'client-1', screening: feverToday, clearances: [] } },
      { location: location(), service: service(), therapists: [therapist()], bookings: [] },
    );
    expect(new Set(slots.map((s) => s.localDate))).toEqual(new Set(['2026-03-11']));
    expect(slots[0]?.start.toISOString()).toBe('2026-03-11T13:00:00.000Z');
  });
});
