import { RULE_TABLE_2026_1 } from './rule-table-2026-1';
import { validateRuleTable } from './rule-table.schema';

describe('validateRuleTable', () => {
  it('accepts the default table 2026.1', () => {
    expect(validateRuleTable(structuredClone(RULE_TABLE_2026_1))).toEqual({ ok: true, table: expect.objectContaining({ version: '2026.1' }) });
  });
});
