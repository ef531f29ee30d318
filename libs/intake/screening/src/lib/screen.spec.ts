import { SCREENING_OUTCOMES } from '@massage/contracts';
import { AS_OF, answers, daysAgo, inDays, of, screenAnswers } from '../testing/screening.fixtures';
import { compileRuleTable } from './compile-rule-table';
import { RULE_TABLE_2026_1 } from './rule-table-2026-1';
import { clearanceExpiryFor, outcomeRank, pressureLimit, screen, tableInEffect } from './screen';
import type { ClearanceInput } from './screening.types';

const kneeSurgery = { surgeries: [{ on: daysAgo(20), sites: ['right-knee' as const] }] };
const clearance = (c: Partial<ClearanceInput> = {}): ClearanceInput => ({
  id: 'c-1',
  rules: ['SURG'],
  techniques: 'all',
  sites: ['right-knee'],
  expiresAt: inDays(10),
  ...c,
});

describe('clearances', () => {
  it('a valid clearance that covers the scope satisfies the CLEARANCE restriction, which stays listed; the LOCAL one stays', () => {
    const r = screenAnswers(kneeSurgery, [clearance()]);
    expect(of(r, 'SURG').map((x) => [x.kind, x.satisfiedBy])).toEqual([
      ['LOCAL', undefined],
      ['CLEARANCE', 'c-1'],
    ]);
    expect(r.outcome).toBe('restricted');
    expect(pressureLimit(r, 'swedish', 'right-knee')).toBe('P5');
    expect(pressureLimit(r, 'deep-tissue', 'right-knee')).toBe('none');
  });

  it("the physician's cap and positioning become a MODIFY under the same rule, right after the clearance", () => {
    const r = screenAnswers(kneeSurgery, [clearance({ maxPressure: 'P2', positioning: ['no-prone'] })]);
    expect(of(r, 'SURG')[2]).toEqual({
      rule: 'SURG',
      kind: 'MODIFY',
      techniques: 'all',
      regions: ['right-knee'],
      maxPressure: 'P2',
      positioning: ['no-prone'],
      summary: 'clearance-scope',
      triggeredBy: ['surgeries.0'],
      fromClearance: 'c-1',
    });
    expect(pressureLimit(r, 'swedish', 'right-knee')).toBe('P2');
  });

  it('a clearance satisfies only what its rules and scope cover', () => {
    const unsatisfied = (c: ClearanceInput) => of(screenAnswers(kneeSurgery, [c]), 'SURG')[1]?.satisfiedBy;
    expect(unsatisfied(clearance({ rules: ['FRACT'] }))).toBeUndefined();
    expect(unsatisfied(clearance({ sites: ['left-knee'] }))).toBeUndefined();
    expect(unsatisfied(clearance({ techniques: ['swedish'] }))).toBeUndefined();
    expect(unsatisfied(clearance({ sites: 'all' }))).toBe('c-1');
    // A restriction on every region needs a clearance on every site, not a list of them.
    const pregHr = { pregnancy: { weeks: 20, riskFactors: ['placenta-issue' as const] } };
    expect(
      of(screenAnswers(pregHr, [clearance({ rules: ['PREG_HR'], sites: ['chest', 'abdomen'] })]), 'PREG_HR')[0]
        ?.satisfiedBy,
    ).toBeUndefined();
    expect(
      of(screenAnswers(pregHr, [clearance({ rules: ['PREG_HR'], sites: 'all' })]), 'PREG_HR')[0]?.satisfiedBy,
    ).toBe('c-1');
  });

  it('an expired clearance (expiresAt = as-of) or a revoked one counts as none', () => {
    const none = screenAnswers(kneeSurgery);
    expect(screenAnswers(kneeSurgery, [clearance({ expiresAt: AS_OF.toISOString() })])).toEqual(none);
    expect(screenAnswers(kneeSurgery, [clearance({ revokedAt: daysAgo(1) + 'T00:00:00Z' })])).toEqual(none);
    expect(none.outcome).toBe('clearance-required');
  });

  it('of several, the one that expires last is named, whatever their order', () => {
    const a = clearance({ id: 'a', expiresAt: inDays(5) });
    const b = clearance({ id: 'b', expiresAt: inDays(30) });
    expect(of(screenAnswers(kneeSurgery, [a, b]), 'SURG')[1]?.satisfiedBy).toBe('b');
    expect(of(screenAnswers(kneeSurgery, [b, a]), 'SURG')[1]?.satisfiedBy).toBe('b');
  });

  it('never lifts an ABSOLUTE rule: uncontrolled hypertension with a clearance is still no massage today', () => {
    const r = screenAnswers({ conditions: [{ code: 'hypertension', regions: [], qualifiers: ['uncontrolled'] }] }, [
      clearance({ rules: ['HTN'], sites: 'all' }),
    ]);
    expect(of(r, 'HTN').map((x) => [x.kind, x.satisfiedBy])).toEqual([
      ['ABSOLUTE', undefined],
      ['CLEARANCE', 'c-1'],
      ['MODIFY', undefined],
    ]);
    expect(r.outcome).toBe('deferred');
  });

  it('a satisfied CLEARANCE alone leaves the client modified, not cleared', () => {
    const healed = { fractures: [{ on: daysAgo(30), sites: ['left-arm' as const], healed: true }] };
    expect(screenAnswers(healed).outcome).toBe('clearance-required');
    expect(screenAnswers(healed, [clearance({ rules: ['FRACT'], sites: ['left-arm', 'left-hand'] })]).outcome).toBe(
      'modified',
    );
  });
});

describe('outcome and explanation', () => {
  it('the most restrictive kind wins: ABSOLUTE > unsatisfied CLEARANCE > LOCAL > MODIFY', () => {
    const local = { conditions: [{ code: 'open-wound' as const, regions: ['left-hand' as const], qualifiers: [] }] };
    expect(screenAnswers({ medications: [{ class: 'anticoagulant' }] }).outcome).toBe('modified');
    expect(screenAnswers({ ...local, medications: [{ class: 'anticoagulant' }] }).outcome).toBe('restricted');
    expect(screenAnswers({ ...local, ...kneeSurgery }).outcome).toBe('clearance-required');
    expect(screenAnswers({ ...local, ...kneeSurgery, symptomsToday: ['fever-last-48h'] }).outcome).toBe('deferred');
  });

  it('outcomeRank orders the outcomes, cleared 0 to deferred 4', () => {
    expect(SCREENING_OUTCOMES.map(outcomeRank)).toEqual([4, 3, 2, 1, 0]);
  });

  it('orders restrictions by table row, then effect; answer paths by field, then index', () => {
    const r = screenAnswers({
      symptomsToday: ['dizziness'],
      conditions: [
        { code: 'varicose-veins', regions: [], qualifiers: [] },
        { code: 'hypertension', regions: [], qualifiers: ['uncontrolled'] },
      ],
      medications: [{ class: 'anticoagulant' }],
    });
    expect(r.restrictions.map((x) => `${x.rule}:${x.kind}`)).toEqual([
      'ANTICOAG:MODIFY',
      'HTN:ABSOLUTE',
      'HTN:CLEARANCE',
      'HTN:MODIFY',
      'VARIC:MODIFY',
    ]);
    expect(of(r, 'HTN')[0]?.triggeredBy).toEqual(['conditions.1', 'symptomsToday.0']);
  });

  it("reScreenBy is as-of plus the row's interval", () => {
    const r = screenAnswers({
      conditions: [{ code: 'radiation-field', regions: ['chest'], qualifiers: [], treatmentEndedOn: daysAgo(200) }],
    });
    expect(r.restrictions[0]?.reScreenBy).toBe('2026-09-13T10:00:00.000Z');
  });

  it('a result is the caller’s: changing it changes nothing in the next one', () => {
    const first = screenAnswers({ ...kneeSurgery, medications: [{ class: 'anticoagulant' }] });
    const expected = structuredClone(first);
    for (const r of first.restrictions) {
      if (r.techniques !== 'all') r.techniques.pop();
      if (r.regions !== 'all') r.regions.pop();
    }
    expect(screenAnswers({ ...kneeSurgery, medications: [{ class: 'anticoagulant' }] })).toEqual(expected);
  });

  it('does not read the clock: the as-of instant decides the windows', () => {
    const a = answers(kneeSurgery);
    expect(screen(a, [], RULE_TABLE_2026_1, new Date(AS_OF.getTime() + 64 * 86_400_000)).restrictions).toHaveLength(2);
    expect(screen(a, [], RULE_TABLE_2026_1, new Date(AS_OF.getTime() + 65 * 86_400_000)).restrictions).toEqual([]);
  });

  it('compiles a table once per document object', () => {
    expect(compileRuleTable(RULE_TABLE_2026_1)).toBe(compileRuleTable(RULE_TABLE_2026_1));
    expect(compileRuleTable(structuredClone(RULE_TABLE_2026_1))).not.toBe(compileRuleTable(RULE_TABLE_2026_1));
  });
});

describe('tableInEffect', () => {
  const v1 = { version: '2026.1', effectiveFrom: '2026-01-01' };
  const v2 = { version: '2026.2', effectiveFrom: '2026-07-01' };

  it('is the version with the latest effectiveFrom on or before the as-of date, whatever the order', () => {
    expect(tableInEffect([v2, v1], new Date('2026-06-30T23:59:59Z'))).toBe(v1);
    expect(tableInEffect([v2, v1], new Date('2026-07-01T00:00:00Z'))).toBe(v2);
    expect(tableInEffect([v1, v2], new Date('2027-01-01T00:00:00Z'))).toBe(v2);
    expect(tableInEffect([v1, v2], new Date('2025-12-31T23:59:59Z'))).toBeUndefined();
  });
});

describe('clearanceExpiryFor', () => {
  it("is the recording instant plus the rule's clearance validity", () => {
    expect(clearanceExpiryFor('SURG', RULE_TABLE_2026_1, AS_OF)).toBe(inDays(42));
    expect(clearanceExpiryFor('HTN', RULE_TABLE_2026_1, AS_OF)).toBe(inDays(90));
    const row = RULE_TABLE_2026_1.rules.find((r) => r.code === 'PREG_HR');
    expect(row && clearanceExpiryFor(row, RULE_TABLE_2026_1, AS_OF)).toBe(inDays(91));
  });

  it('is undefined for a rule without a CLEARANCE effect, or not in the table', () => {
    expect(clearanceExpiryFor('FEVER', RULE_TABLE_2026_1, AS_OF)).toBeUndefined();
    expect(clearanceExpiryFor('NOPE', RULE_TABLE_2026_1, AS_OF)).toBeUndefined();
  });
});
