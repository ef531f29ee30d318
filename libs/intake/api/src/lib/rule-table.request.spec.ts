import { RULE_TABLE_2026_1 } from '@massage/intake-screening';
import { ruleTableDocumentViolations } from './rule-table.request';
import { RULE_TABLE_DOCUMENT_EXAMPLE } from './rule-table.response.dto';

describe('ruleTableDocumentViolations (what the gateway refuses before forwarding a publication)', () => {
  it('accepts the shipped table and the OpenAPI example', () => {
    expect(ruleTableDocumentViolations(RULE_TABLE_2026_1)).toEqual([]);
    expect(ruleTableDocumentViolations(RULE_TABLE_DOCUMENT_EXAMPLE)).toEqual([]);
  });

  it('names each field it refuses', () => {
    const doc = JSON.parse(JSON.stringify(RULE_TABLE_2026_1)) as { version?: string; rules: { effects: { maxPressure?: string }[] }[] };
    delete doc.version;
    const effect = doc.rules[0]?.effects[0];
    if (!effect) throw new Error('2026.1 has no first effect');
    effect.maxPressure = 'P9';
    expect(ruleTableDocumentViolations(doc).map((v) => v.name)).toEqual(expect.arrayContaining(['version', 'rules.0.effects.0.maxPressure']));
  });
});
