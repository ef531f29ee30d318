import { createPlan } from './treatment-plan';
import { newPlan, restriction, screened } from '../test/fixtures';

/**
 * A today-only deferral (ADR 0018): FEVER answered in Toronto on 2026-03-10 at 10:00 local (14:00Z), reScreenBy
 * 2026-03-11T00:00Z (intake's UTC day end, 20:00 local). Given the location's zone, treatment lapses it at
 * Toronto's midnight (04:00Z on the 11th), as scheduling does; without a zone it holds.
 */
const fever = restriction({ rule: 'FEVER', kind: 'ABSOLUTE', reScreenBy: new Date('2026-03-11T00:00:00Z') });
const feverToday = { ...screened([fever], 'deferred'), timeZone: 'America/Toronto' };

describe('a today-only deferral in treatment', () => {
  it('refuses a plan until the location’s local midnight, not the UTC one', () => {
    expect(createPlan(newPlan(), feverToday, new Date('2026-03-11T03:59:59Z'))).toEqual({ ok: false, refusals: [{ rule: 'deferred', screeningRules: ['FEVER'] }] });
    expect(createPlan(newPlan(), feverToday, new Date('2026-03-11T04:00:00Z'))).toMatchObject({ ok: true });
  });

  it('holds whatever the date without the location’s zone', () => {
    const { timeZone, ...noZone } = feverToday;
    void timeZone;
    expect(createPlan(newPlan(), noZone, new Date('2026-03-20T12:00:00Z'))).toEqual({ ok: false, refusals: [{ rule: 'deferred', screeningRules: ['FEVER'] }] });
  });
});
