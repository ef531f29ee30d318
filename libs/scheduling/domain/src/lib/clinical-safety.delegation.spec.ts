import fc from 'fast-check';
import { CLEARANCE_STATUSES, PRESSURE_LEVELS, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import { screeningRefusals } from './clinical-safety';
import type { ClearanceProjection, RestrictionProjection, ScreeningProjection, TreatmentPlan } from './eligibility.types';
import type { Refusal } from './refusal';

/**
 * `screeningRefusals` delegates to `@massage/clinical-restrictions`, which judges work item by item. This
 * property holds it to the rules read at the grain of a plan (T techniques × R regions at one pressure P,
 * below as `planLevel`): the same refusals, in the same order, field for field, on random screenings,
 * clearances and plans (at least one technique and one region, no repeats: what `validateBookingRequest` lets
 * through). So a plan judged as its cross product names techniques and regions in the plan's order.
 * (It once kept the plan-level code the delegate replaced; that code read MODIFY's cap as covering every planned
 * technique, the defect fixed on 2026-12-01, and `planLevel` now reads MODIFY as the rule table means it.)
 */

const rank = (p: PressureLevel): number => PRESSURE_LEVELS.indexOf(p);
function aboveCap(planned: PressureLevel, cap: PressureLevel | 'none'): boolean {
  return cap === 'none' || rank(planned) > rank(cap);
}
function covered<T extends string>(scope: 'all' | readonly T[], planned: readonly T[]): T[] {
  return scope === 'all' ? [...planned] : planned.filter((x) => scope.includes(x));
}
function planClearanceGap(restriction: RestrictionProjection, clearances: readonly ClearanceProjection[], appointmentEnd: Date) {
  if (!restriction.satisfiedBy) return 'none';
  const c = clearances.find((x) => x.id === restriction.satisfiedBy);
  if (!c || !c.rules.includes(restriction.rule)) return 'unknown';
  if (c.status === 'revoked') return 'revoked';
  if (c.status === 'expired') return 'expired';
  if (c.status !== 'recorded') return 'not-recorded';
  return appointmentEnd.getTime() <= c.expiresAt.getTime() ? undefined : 'expired';
}
function planLevel(screening: ScreeningProjection | undefined, clearances: readonly ClearanceProjection[], plan: TreatmentPlan | undefined, appointmentEnd: Date): Refusal[] {
  if (!screening) return [{ rule: 'screening-pending' }];
  const absolute = screening.restrictions.filter((r) => r.kind === 'ABSOLUTE').map((r) => r.rule);
  if (screening.outcome === 'deferred' || absolute.length > 0) return [{ rule: 'deferred', screeningRules: [...new Set(absolute)] }];
  if (!plan) return [];
  const refusals: Refusal[] = [];
  for (const r of screening.restrictions) {
    const regions: BodyRegion[] = covered(r.regions, plan.focusRegions);
    if (regions.length === 0) continue;
    const techniques: Technique[] = covered(r.techniques, plan.techniques);
    const cap = r.maxPressure;
    if (r.kind === 'LOCAL') {
      if (techniques.length === 0) continue;
      if (cap === undefined) refusals.push({ rule: 'contraindicated', screeningRule: r.rule, kind: 'LOCAL', techniques, regions });
      else if (aboveCap(plan.pressure, cap))
        refusals.push({ rule: 'contraindicated', screeningRule: r.rule, kind: 'LOCAL', techniques, regions, pressure: { planned: plan.pressure, max: cap } });
    } else if (r.kind === 'MODIFY') {
      // "On these regions, these techniques at most this pressure" (`none`: not at all); no cap, no limit.
      if (techniques.length > 0 && cap !== undefined && aboveCap(plan.pressure, cap))
        refusals.push({ rule: 'contraindicated', screeningRule: r.rule, kind: 'MODIFY', techniques, regions, pressure: { planned: plan.pressure, max: cap } });
    } else if (r.kind === 'CLEARANCE') {
      if (techniques.length === 0) continue;
      const gap = planClearanceGap(r, clearances, appointmentEnd);
      if (gap) refusals.push({ rule: 'clearance-required', screeningRule: r.rule, techniques, regions, clearance: gap, ...(r.satisfiedBy ? { clearanceId: r.satisfiedBy } : {}) });
    }
  }
  return refusals;
}

const TECHS: Technique[] = ['swedish', 'deep-tissue', 'trigger-point', 'lymphatic-drainage', 'prenatal', 'myofascial-release', 'joint-mobilisation'];
const REGIONS: BodyRegion[] = ['upper-back', 'lower-back', 'left-calf', 'abdomen', 'neck', 'chest'];
const RULES = ['DVT_ACT', 'VARIC', 'ANTICOAG', 'ONC_TX', 'SURG', 'OSTEO'];
const IDS = ['c1', 'c2', 'c3'];
const END = new Date('2026-03-10T15:00:00Z');

const scope = <T,>(items: T[]) => fc.oneof(fc.constant('all' as const), fc.subarray(items, { minLength: 1, maxLength: 4 }));
const restrictionArb: fc.Arbitrary<RestrictionProjection> = fc.record(
  {
    rule: fc.constantFrom(...RULES),
    kind: fc.oneof({ weight: 1, arbitrary: fc.constant('ABSOLUTE' as const) }, { weight: 10, arbitrary: fc.constantFrom('LOCAL' as const, 'MODIFY' as const, 'CLEARANCE' as const) }),
    techniques: scope(TECHS),
    regions: scope(REGIONS),
    maxPressure: fc.constantFrom<PressureLevel | 'none'>(...PRESSURE_LEVELS, 'none'),
    satisfiedBy: fc.constantFrom(...IDS),
  },
  { requiredKeys: ['rule', 'kind', 'techniques', 'regions'] },
);
const caseArb = fc.record({
  screening: fc.option(
    fc.record({
      clientId: fc.constant('client-1'),
      outcome: fc.constantFrom('cleared' as const, 'modified' as const, 'restricted' as const, 'clearance-required' as const, 'modified' as const, 'deferred' as const),
      tableVersion: fc.constant('2026.1'),
      asOf: fc.constant(new Date('2026-03-01T00:00:00Z')),
      restrictions: fc.array(restrictionArb, { maxLength: 5 }),
    }),
    { nil: undefined, freq: 10 },
  ),
  clearances: fc.uniqueArray(
    fc.record({
      id: fc.constantFrom(...IDS),
      rules: fc.subarray(RULES, { minLength: 1 }),
      expiresAt: fc.constantFrom(new Date('2026-03-10T14:59:00Z'), END, new Date('2026-04-01T00:00:00Z')),
      status: fc.constantFrom(...CLEARANCE_STATUSES),
    }),
    { maxLength: 3, selector: (c) => c.id },
  ),
  plan: fc.option(
    fc.record({
      techniques: fc.shuffledSubarray(TECHS, { minLength: 1 }),
      focusRegions: fc.shuffledSubarray(REGIONS, { minLength: 1 }),
      pressure: fc.constantFrom(...PRESSURE_LEVELS),
    }),
    { nil: undefined, freq: 10 },
  ),
});

describe('screeningRefusals delegating to @massage/clinical-restrictions', () => {
  it('gives exactly the refusals of the rules read plan by plan (5,000 cases)', () => {
    let refused = 0;
    fc.assert(
      fc.property(caseArb, ({ screening, clearances, plan }) => {
        const now = screeningRefusals(screening, clearances, plan, END);
        const before = planLevel(screening, clearances, plan, END);
        if (before.some((r) => r.rule === 'contraindicated' || r.rule === 'clearance-required')) refused++;
        if (JSON.stringify(now) !== JSON.stringify(before)) expect(now).toEqual(before);
      }),
      { numRuns: 5_000 },
    );
    // Most cases must reach the restriction rules, or the comparison proves little.
    expect(refused).toBeGreaterThan(1_000);
  });
});
