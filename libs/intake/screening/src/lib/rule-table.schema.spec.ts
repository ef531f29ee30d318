import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { RULE_TABLE_2026_1 } from './rule-table-2026-1';
import { RULE_TABLE_JSON_SCHEMA, validateRuleTable, type RuleTableViolation } from './rule-table.schema';

type Row = Record<string, unknown> & { effects: Record<string, unknown>[] };
type Doc = Record<string, unknown> & { rules: Row[]; techniquePressure: Record<string, unknown> };

function row(d: Doc, i: number): Row {
  const r = d.rules[i];
  if (!r) throw new Error(`no rules.${i}`);
  return r;
}
function effect(d: Doc, i: number, j: number): Record<string, unknown> {
  const e = row(d, i).effects[j];
  if (!e) throw new Error(`no rules.${i}.effects.${j}`);
  return e;
}

/** A mutable copy of table 2026.1, changed by `edit`, as a client would send it. */
function broken(edit: (doc: Doc) => void): unknown {
  const doc = JSON.parse(JSON.stringify(RULE_TABLE_2026_1)) as Doc;
  edit(doc);
  return doc;
}
const rowIndex = (code: string) => RULE_TABLE_2026_1.rules.findIndex((r) => r.code === code);

function violations(doc: unknown): RuleTableViolation[] {
  const result = validateRuleTable(doc);
  if (result.ok) throw new Error('expected the document to be refused');
  return result.violations;
}

describe('validateRuleTable', () => {
  it('accepts the default table 2026.1 as JSON', () => {
    const doc = JSON.parse(JSON.stringify(RULE_TABLE_2026_1));
    expect(validateRuleTable(doc)).toEqual({ ok: true, table: doc });
  });

  it('the schema is plain draft-07 that a fresh ajv compiles and the default table passes', () => {
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    expect(RULE_TABLE_JSON_SCHEMA.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(ajv.validate(RULE_TABLE_JSON_SCHEMA, RULE_TABLE_2026_1)).toBe(true);
  });

  it.each<[string, (d: Doc) => void, RuleTableViolation]>([
    [
      'a wrong kind',
      (d) => (effect(d, 0, 0)['kind'] = 'BANNED'),
      { field: 'rules.0.effects.0.kind', reason: 'must be one of: ABSOLUTE, LOCAL, CLEARANCE, MODIFY' },
    ],
    [
      'an unknown technique in a rule',
      (d) => (effect(d, 1, 0)['techniques'] = { only: ['deep-tissue', 'massage-gun'] }),
      { field: 'rules.1.effects.0.techniques.only.1', reason: expect.stringMatching(/^must be one of: swedish, /) },
    ],
    [
      'an unknown technique in techniquePressure',
      (d) => (d.techniquePressure['reiki'] = { min: 'P1', max: 'P1' }),
      { field: 'techniquePressure.reiki', reason: 'is not allowed here' },
    ],
    [
      'a technique missing from techniquePressure',
      (d) => delete d.techniquePressure['swedish'],
      { field: 'techniquePressure.swedish', reason: 'is required' },
    ],
    ['a missing source', (d) => delete row(d, 3)['source'], { field: 'rules.3.source', reason: 'is required' }],
    [
      'maxPressure P9',
      (d) => (effect(d, 1, 0)['maxPressure'] = 'P9'),
      { field: 'rules.1.effects.0.maxPressure', reason: 'must be one of: P1, P2, P3, P4, P5, none' },
    ],
    [
      'an unknown region',
      (d) => (effect(d, 11, 0)['regions'] = ['neck', 'tail']),
      { field: 'rules.11.effects.0.regions.1', reason: expect.stringMatching(/^must be one of: head, /) },
    ],
    [
      'an unknown condition code in a trigger',
      (d) => (effect(d, 20, 0)['when'] = { condition: 'gout' }),
      { field: 'rules.20.effects.0.when.condition', reason: expect.stringMatching(/^must be one of: dvt, /) },
    ],
    [
      'a trigger of two kinds',
      (d) => (effect(d, 2, 0)['when'] = { medicationAny: ['anticoagulant'], symptomAny: ['headache'] }),
      { field: 'rules.2.effects.0.when.symptomAny', reason: 'is not allowed here' },
    ],
    [
      'an empty trigger',
      (d) => (effect(d, 2, 0)['when'] = {}),
      {
        field: 'rules.2.effects.0.when',
        reason: expect.stringMatching(/^a trigger needs exactly one of: condition, medicationAny/),
      },
    ],
    [
      'a nested trigger with a bad window',
      (d) => (effect(d, 0, 0)['when'] = { anyOf: [{ surgeryWithinDays: -3 }] }),
      { field: 'rules.0.effects.0.when.anyOf.0.surgeryWithinDays', reason: 'must be >= 0' },
    ],
    [
      'an effectiveFrom that is no real date',
      (d) => (d['effectiveFrom'] = '2026-02-30'),
      { field: 'effectiveFrom', reason: 'must match format "date"' },
    ],
    [
      'a version with spaces',
      (d) => (d['version'] = '2026 one'),
      { field: 'version', reason: expect.stringMatching(/^must match pattern/) },
    ],
  ])('refuses %s, naming the field', (_, edit, expected) => {
    expect(violations(broken(edit))).toContainEqual(expected);
  });

  it.each<[string, (d: Doc) => void, RuleTableViolation]>([
    [
      'a duplicate code',
      (d) => (row(d, 5)['code'] = 'DVT_HX'),
      { field: 'rules.5.code', reason: 'duplicates rules.1.code (DVT_HX)' },
    ],
    [
      'a CLEARANCE without validity',
      (d) => delete effect(d, rowIndex('SURG'), 1)['clearanceValidDays'],
      {
        field: `rules.${rowIndex('SURG')}.effects.1.clearanceValidDays`,
        reason: expect.stringMatching(/^is required on a CLEARANCE effect/),
      },
    ],
    [
      'a validity on a MODIFY',
      (d) => (effect(d, 2, 0)['clearanceValidDays'] = 30),
      { field: 'rules.2.effects.0.clearanceValidDays', reason: 'is only for CLEARANCE effects, not MODIFY' },
    ],
    [
      'an ABSOLUTE limited to a region',
      (d) => (effect(d, 0, 0)['regions'] = ['left-calf']),
      { field: 'rules.0.effects.0.regions', reason: expect.stringMatching(/^must be "all" on an ABSOLUTE effect/) },
    ],
    [
      'a LOCAL without a cap',
      (d) => delete effect(d, rowIndex('ONC_PORT'), 0)['maxPressure'],
      {
        field: `rules.${rowIndex('ONC_PORT')}.effects.0.maxPressure`,
        reason: expect.stringMatching(/^is required on a LOCAL effect/),
      },
    ],
    [
      'a MODIFY that changes nothing',
      (d) => delete effect(d, 2, 0)['maxPressure'],
      { field: 'rules.2.effects.0.maxPressure', reason: 'a MODIFY effect needs a maxPressure or a positioning' },
    ],
    [
      'regions from a trigger that names none',
      (d) => (effect(d, 2, 0)['regions'] = 'trigger'),
      { field: 'rules.2.effects.0.regions', reason: expect.stringMatching(/^"trigger" needs a trigger on conditions/) },
    ],
    [
      'a technique whose min is deeper than its max',
      (d) => (d.techniquePressure['swedish'] = { min: 'P4', max: 'P2' }),
      { field: 'techniquePressure.swedish.min', reason: 'is deeper than max' },
    ],
    [
      'an empty pregnancy window',
      (d) => (effect(d, 3, 2)['when'] = { pregnancy: { minWeeks: 20, maxWeeks: 12 } }),
      { field: 'rules.3.effects.2.when.pregnancy.minWeeks', reason: 'is after maxWeeks' },
    ],
    [
      'a qualifier both required and excluded',
      (d) =>
        (effect(d, 16, 0)['when'] = {
          condition: 'varicose-veins',
          qualifiersAny: ['severe'],
          qualifiersNone: ['severe'],
        }),
      { field: 'rules.16.effects.0.when.qualifiersNone', reason: 'contradicts qualifiersAny (severe)' },
    ],
    [
      'an allExcept that leaves nothing',
      (d) => (effect(d, 3, 0)['techniques'] = { allExcept: Object.keys(d.techniquePressure) }),
      { field: 'rules.3.effects.0.techniques.allExcept', reason: 'leaves no technique' },
    ],
  ])('refuses %s (beyond the schema), naming the field', (_, edit, expected) => {
    expect(violations(broken(edit))).toContainEqual(expected);
  });

  it('refuses what is not a document at all', () => {
    for (const doc of [null, 'table', [], 42])
      expect(violations(doc)).toEqual([{ field: '', reason: 'must be object' }]);
  });

  it('reports every violation at once, each once', () => {
    const found = violations(
      broken((d) => {
        effect(d, 0, 0)['kind'] = 'BANNED';
        effect(d, 1, 0)['maxPressure'] = 'P9';
        delete row(d, 3)['source'];
      }),
    );
    expect(found).toEqual([
      { field: 'rules.0.effects.0.kind', reason: expect.any(String) },
      { field: 'rules.1.effects.0.maxPressure', reason: expect.any(String) },
      { field: 'rules.3.source', reason: 'is required' },
    ]);
  });
});
