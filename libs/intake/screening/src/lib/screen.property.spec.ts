import { BODY_REGIONS, TECHNIQUES } from '@massage/contracts';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { additionArb, answersArb, asOfArb, clearancesArb, withAddition } from '../testing/screening.arbitraries';
import { RULE_TABLE_2026_1 } from './rule-table-2026-1';
import { outcomeOf, outcomeRank, pressureLimit, pressureRank, screen } from './screen';
import type { Restriction, RuleTableDocument, ScreeningResult } from './screening.types';

/*
 * Properties of the engine over random realistic answers and clearances (screening.arbitraries.ts).
 * RUNS per property (default 2,500 × 6 = 15,000 cases; SCREENING_PROPERTY_RUNS overrides). On a failure
 * fast-check prints the seed, the path and the shrunk counterexample.
 */
const RUNS = Number(process.env['SCREENING_PROPERTY_RUNS'] || 2500);
const settings = { numRuns: RUNS };
const table = RULE_TABLE_2026_1;

const inputs = asOfArb.chain((asOf) =>
  fc.record({ asOf: fc.constant(asOf), answers: answersArb(asOf), clearances: clearancesArb(asOf) }),
);
const blocking = (r: ScreeningResult) => r.restrictions.filter((x) => x.kind === 'ABSOLUTE' || x.kind === 'LOCAL');
const ownRestrictions = (r: ScreeningResult) => r.restrictions.filter((x) => x.fromClearance === undefined);
/** Deep equality, cheap when it holds; jest's diff when it does not. */
function expectSame<T>(actual: T, expected: T): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}
const coversAll = <T>(big: 'all' | readonly T[], small: 'all' | readonly T[]) =>
  big === 'all' || (small !== 'all' && small.every((s) => big.includes(s)));

/** `after` is at least as restrictive as `before`: same rule, kind and effect, scope as wide, cap as low, positioning kept, and not satisfied if `before` was not. */
function subsumes(after: Restriction, before: Restriction): boolean {
  return (
    after.rule === before.rule &&
    after.kind === before.kind &&
    after.summary === before.summary &&
    after.maxPressure === before.maxPressure &&
    coversAll(after.techniques, before.techniques) &&
    coversAll(after.regions, before.regions) &&
    before.positioning.every((p) => after.positioning.includes(p)) &&
    (before.satisfiedBy !== undefined || after.satisfiedBy === undefined)
  );
}

describe('screen, properties', () => {
  it('(1) no clearance lifts or changes an ABSOLUTE, LOCAL or MODIFY restriction, nor the outcome they impose', () => {
    fc.assert(
      fc.property(inputs, ({ asOf, answers, clearances }) => {
        const without = screen(answers, [], table, asOf);
        const withClearances = screen(answers, clearances, table, asOf);
        expectSame(blocking(withClearances), blocking(without));
        const ownModify = (r: ScreeningResult) => ownRestrictions(r).filter((x) => x.kind === 'MODIFY');
        expectSame(ownModify(withClearances), ownModify(without));
        expect(outcomeRank(withClearances.outcome)).toBeGreaterThanOrEqual(outcomeRank(outcomeOf(blocking(without))));
        // And a clearance only ever satisfies CLEARANCE restrictions.
        expect(
          withClearances.restrictions.filter((x) => x.satisfiedBy !== undefined).every((x) => x.kind === 'CLEARANCE'),
        ).toBe(true);
      }),
      settings,
    );
  });

  it('(2) reporting one more thing never makes the result less restrictive', () => {
    const cases = asOfArb.chain((asOf) =>
      fc.record({
        asOf: fc.constant(asOf),
        answers: answersArb(asOf),
        add: additionArb(asOf),
        clearances: clearancesArb(asOf),
      }),
    );
    fc.assert(
      fc.property(cases, ({ asOf, answers, add, clearances }) => {
        const before = screen(answers, clearances, table, asOf);
        const after = screen(withAddition(answers, add), clearances, table, asOf);
        expect(outcomeRank(after.outcome)).toBeGreaterThanOrEqual(outcomeRank(before.outcome));
        for (const r of ownRestrictions(before)) {
          if (!after.restrictions.some((a) => subsumes(a, r)))
            throw new Error(`lost or weakened: ${JSON.stringify(r)}\nafter: ${JSON.stringify(after.restrictions)}`);
        }
        for (const code of before.reAskEveryVisit) expect(after.reAskEveryVisit).toContain(code);
        for (const t of TECHNIQUES) {
          for (const region of BODY_REGIONS) {
            if (pressureRank(pressureLimit(after, t, region)) > pressureRank(pressureLimit(before, t, region)))
              throw new Error(`${t} on ${region} allowed deeper after`);
          }
        }
      }),
      settings,
    );
  });

  it('(3) every restriction names a rule of the table version recorded', () => {
    // Derived versions: some rows of 2026.1 dropped, so a restriction from a missing row would show.
    const derived = fc
      .subarray(table.rules, { minLength: 1 })
      .map((rules): RuleTableDocument => ({ ...table, version: `2026.${rules.length + 1}`, rules }));
    fc.assert(
      fc.property(inputs, derived, ({ asOf, answers, clearances }, t) => {
        const result = screen(answers, clearances, t, asOf);
        const codes = new Set(t.rules.map((r) => r.code));
        expect(result.tableVersion).toBe(t.version);
        expect(result.restrictions.filter((r) => !codes.has(r.rule))).toEqual([]);
        expect(result.reAskEveryVisit.filter((c) => !codes.has(c))).toEqual([]);
      }),
      settings,
    );
  });

  it('(4) expired or revoked clearances count as none, alone or beside valid ones', () => {
    const cases = asOfArb.chain((asOf) =>
      fc.record({
        asOf: fc.constant(asOf),
        answers: answersArb(asOf),
        valid: clearancesArb(asOf, ['valid'], 3),
        stale: clearancesArb(asOf, ['expired', 'revoked'], 3),
      }),
    );
    fc.assert(
      fc.property(cases, ({ asOf, answers, valid, stale }) => {
        const staleIds = stale.map((c) => ({ ...c, id: `stale-${c.id}` }));
        expectSame(screen(answers, staleIds, table, asOf), screen(answers, [], table, asOf));
        expectSame(screen(answers, [...staleIds, ...valid], table, asOf), screen(answers, valid, table, asOf));
      }),
      settings,
    );
  });

  it('(5) is deterministic: the same input (or a copy, clearances in any order) gives a deep-equal result', () => {
    // A copy of the table: another document object, compiled on its own.
    const tableCopy = structuredClone(table);
    fc.assert(
      fc.property(inputs, ({ asOf, answers, clearances }) => {
        const first = screen(answers, clearances, table, asOf);
        expectSame(
          screen(structuredClone(answers), [...clearances].reverse(), tableCopy, new Date(asOf.getTime())),
          first,
        );
        expectSame(screen(answers, clearances, table, asOf), first);
      }),
      settings,
    );
  });

  it('(6) the outcome follows from the restrictions, and a CLEARANCE is satisfied only by a valid clearance for its rule', () => {
    fc.assert(
      fc.property(inputs, ({ asOf, answers, clearances }) => {
        const result = screen(answers, clearances, table, asOf);
        expect(result.outcome).toBe(outcomeOf(result.restrictions));
        for (const r of result.restrictions.filter((x) => x.satisfiedBy !== undefined)) {
          const c = clearances.find((x) => x.id === r.satisfiedBy);
          expect(
            c && c.rules.includes(r.rule) && c.revokedAt === undefined && Date.parse(c.expiresAt) > asOf.getTime(),
          ).toBe(true);
        }
      }),
      settings,
    );
  });

  it("(7) today's symptoms count only on the UTC day they were answered: later, nothing fires on them; that day, what only they fire ends with it", () => {
    const DAY_MS = 86_400_000;
    const cases = inputs.chain((input) =>
      fc.record({ input: fc.constant(input), daysBefore: fc.integer({ min: 0, max: 60 }), msIntoDay: fc.integer({ min: 0, max: DAY_MS - 1 }) }),
    );
    fc.assert(
      fc.property(cases, ({ input: { asOf, answers, clearances }, daysBefore, msIntoDay }) => {
        const answersDay = Math.floor(asOf.getTime() / DAY_MS) - daysBefore;
        const answeredAt = new Date(answersDay * DAY_MS + msIntoDay);
        const result = screen(answers, clearances, table, asOf, answeredAt);
        const withoutToday = screen({ ...answers, symptomsToday: [] }, clearances, table, asOf);
        if (daysBefore > 0) {
          expect(result.restrictions.filter((r) => r.triggeredBy.some((p) => p.startsWith('symptomsToday.')))).toEqual([]);
          expectSame(result, withoutToday);
          return;
        }
        const endOfDay = (answersDay + 1) * DAY_MS;
        const same = (a: Restriction, b: Restriction) => a.rule === b.rule && a.kind === b.kind && a.summary === b.summary;
        for (const r of result.restrictions) {
          if (withoutToday.restrictions.some((w) => same(w, r))) continue;
          if (r.reScreenBy === undefined || Date.parse(r.reScreenBy) > endOfDay)
            throw new Error(`fired by today's symptoms only, yet outlives the day: ${JSON.stringify(r)}`);
        }
      }),
      settings,
    );
  });
});
