import { clearanceRuleViolations, decideClearanceExpiry, defaultClearanceExpiry } from './clearance-rules';
import { RULE_TABLE_2026_1 } from './rule-table-2026-1';
import type { RuleTableDocument } from './screening.types';

const T = new Date('2026-12-01T10:00:00.000Z');
const days = (n: number): Date => new Date(T.getTime() + n * 86_400_000);

/** The 2026.1 table with SURG's clearance validity removed (a clinical lead may publish such a version). */
const withoutSurgDefault: RuleTableDocument = {
  ...RULE_TABLE_2026_1,
  version: 'test.1',
  rules: RULE_TABLE_2026_1.rules.map((r) => (r.code !== 'SURG' ? r : { ...r, effects: r.effects.map(({ clearanceValidDays: _dropped, ...e }) => e) })),
};

describe('clearance rules', () => {
  it('accepts rules of the table that have a CLEARANCE effect, refuses others naming rules.<i>', () => {
    expect(clearanceRuleViolations(['ONC_TX', 'SURG'], RULE_TABLE_2026_1)).toEqual([]);
    expect(clearanceRuleViolations(['ONC_TX', 'NOPE', 'FEVER'], RULE_TABLE_2026_1)).toEqual([
      { field: 'rules.1', reason: 'NOPE is not a rule of rule table 2026.1' },
      { field: 'rules.2', reason: 'FEVER needs no clearance in rule table 2026.1 (it has no CLEARANCE effect)' },
    ]);
  });

  it('defaults the expiry to the shortest validity of its rules (ONC_TX 30 days, SURG 42 days)', () => {
    expect(defaultClearanceExpiry(['ONC_TX'], RULE_TABLE_2026_1, T)).toEqual(days(30));
    expect(defaultClearanceExpiry(['SURG'], RULE_TABLE_2026_1, T)).toEqual(days(42));
    expect(defaultClearanceExpiry(['SURG', 'ONC_TX'], RULE_TABLE_2026_1, T)).toEqual(days(30));
    expect(decideClearanceExpiry(['SURG', 'ONC_TX'], RULE_TABLE_2026_1, T)).toEqual({ expiresAt: days(30) });
  });

  it('lets an explicit expiry shorten the default, up to and including it, never lengthen it', () => {
    expect(decideClearanceExpiry(['ONC_TX'], RULE_TABLE_2026_1, T, days(10).toISOString())).toEqual({ expiresAt: days(10) });
    expect(decideClearanceExpiry(['ONC_TX'], RULE_TABLE_2026_1, T, days(30).toISOString())).toEqual({ expiresAt: days(30) });
    expect(decideClearanceExpiry(['ONC_TX'], RULE_TABLE_2026_1, T, new Date(days(30).getTime() + 1).toISOString()).violations).toEqual([
      { field: 'expiresAt', reason: `expiresAt may shorten the rules' default validity, not lengthen it: at most ${days(30).toISOString()}` },
    ]);
  });

  it('refuses an expiry that is not after the recording instant', () => {
    for (const at of [T, days(-1)]) {
      expect(decideClearanceExpiry(['ONC_TX'], RULE_TABLE_2026_1, T, at.toISOString()).violations).toEqual([
        { field: 'expiresAt', reason: `expiresAt must be in the future (after ${T.toISOString()})` },
      ]);
    }
    expect(decideClearanceExpiry(['ONC_TX'], RULE_TABLE_2026_1, T, new Date(T.getTime() + 1).toISOString())).toEqual({ expiresAt: new Date(T.getTime() + 1) });
  });

  it('without a default validity, requires an expiry, at most 365 days ahead', () => {
    expect(defaultClearanceExpiry(['SURG'], withoutSurgDefault, T)).toBeUndefined();
    expect(decideClearanceExpiry(['SURG'], withoutSurgDefault, T).violations).toEqual([
      { field: 'expiresAt', reason: 'expiresAt is required: none of SURG sets a default validity in rule table test.1' },
    ]);
    expect(decideClearanceExpiry(['SURG'], withoutSurgDefault, T, days(365).toISOString())).toEqual({ expiresAt: days(365) });
    expect(decideClearanceExpiry(['SURG'], withoutSurgDefault, T, days(366).toISOString()).violations?.[0]?.field).toBe('expiresAt');
    // A rule that has a default still caps a mixed clearance.
    expect(decideClearanceExpiry(['SURG', 'ONC_TX'], withoutSurgDefault, T)).toEqual({ expiresAt: days(30) });
  });
});
