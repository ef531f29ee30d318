import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_TABLE_2026_1 } from './rule-table-2026-1';

// 2026.1 is published: the intake migration seeds every database with it and screening results name it.
// A published version never changes (two databases would hold different "2026.1"s); a clinical change is
// a new version published through POST /rule-tables (README, "Publishing a rule-table version").
describe('rule table 2026.1 as published', () => {
  it('is exactly the document frozen in rule-table-2026-1.published.json', () => {
    const published: unknown = JSON.parse(readFileSync(join(__dirname, 'rule-table-2026-1.published.json'), 'utf8'));
    expect(JSON.parse(JSON.stringify(RULE_TABLE_2026_1))).toEqual(published);
  });
});
