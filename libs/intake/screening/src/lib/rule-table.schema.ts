import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import {
  BODY_REGIONS,
  CONDITION_QUALIFIERS,
  DEVICE_KINDS,
  HEALTH_CONDITION_CODES,
  MEDICATION_CLASSES,
  POSITIONINGS,
  PREGNANCY_RISK_FACTORS,
  PRESSURE_LEVELS,
  RESTRICTION_KINDS,
  RULE_CODE_PATTERN,
  RULE_TABLE_VERSION_PATTERN,
  SYMPTOMS_TODAY,
  TECHNIQUES,
} from '@massage/contracts';
import { pressureRank } from './screen';
import type { RuleEffect, RuleTableDocument, Trigger } from './screening.types';

/** One thing wrong with a rule-table document, named by its dotted path (`rules.3.effects.0.maxPressure`). */
export interface RuleTableViolation {
  field: string;
  reason: string;
}

const codes = (values: readonly string[]) => ({
  type: 'array',
  items: { type: 'string', enum: values },
  minItems: 1,
  uniqueItems: true,
});
const days = { type: 'integer', minimum: 0, maximum: 36_500 };
const weeks = { type: 'integer', minimum: 0, maximum: 45 };
const pressure = { type: 'string', enum: PRESSURE_LEVELS };
const regionList = codes(BODY_REGIONS);
const techniqueList = codes(TECHNIQUES);
const summaryCode = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 };
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });

/** Each trigger kind: its key and the properties it may carry (the Trigger union of screening.types.ts). */
const TRIGGER_KINDS: Record<string, Record<string, unknown>> = {
  condition: {
    condition: { if: { type: 'string' }, then: { enum: HEALTH_CONDITION_CODES }, else: codes(HEALTH_CONDITION_CODES) },
    qualifiersAny: codes(CONDITION_QUALIFIERS),
    qualifiersNone: codes(CONDITION_QUALIFIERS),
    treatment: { type: 'string', enum: ['ongoing', 'ended', 'none'] },
    treatedWithinDays: days,
    treatedOlderThanDays: days,
  },
  medicationAny: { medicationAny: codes(MEDICATION_CLASSES) },
  symptomAny: { symptomAny: codes(SYMPTOMS_TODAY) },
  pregnancy: {
    pregnancy: {
      type: 'object',
      additionalProperties: false,
      properties: { minWeeks: weeks, maxWeeks: weeks, riskFactorAny: codes(PREGNANCY_RISK_FACTORS) },
    },
  },
  surgeryWithinDays: { surgeryWithinDays: days },
  fractureWithinDays: { fractureWithinDays: days, unhealedOnly: { type: 'boolean' } },
  deviceAny: { deviceAny: codes(DEVICE_KINDS), placedWithinDays: days, notRemoved: { type: 'boolean' } },
  anyOf: { anyOf: { type: 'array', minItems: 1, items: { $ref: '#/definitions/trigger' } } },
  allOf: { allOf: { type: 'array', minItems: 1, items: { $ref: '#/definitions/trigger' } } },
};
const TRIGGER_KEYS = Object.keys(TRIGGER_KINDS);

/**
 * The JSON Schema (draft-07) of a rule-table document. It checks shape and vocabulary (every code from
 * @massage/contracts); `validateRuleTable` adds what a schema cannot say (unique codes, real dates, a
 * validity on every CLEARANCE effect …).
 */
export const RULE_TABLE_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://massage.example/schemas/rule-table.json',
  title: 'Contraindication screening rule table',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'effectiveFrom', 'techniquePressure', 'rules'],
  properties: {
    version: { type: 'string', pattern: RULE_TABLE_VERSION_PATTERN },
    effectiveFrom: { type: 'string', format: 'date' },
    techniquePressure: {
      type: 'object',
      additionalProperties: false,
      required: [...TECHNIQUES],
      properties: Object.fromEntries(
        TECHNIQUES.map((t) => [
          t,
          {
            type: 'object',
            additionalProperties: false,
            required: ['min', 'max'],
            properties: { min: pressure, max: pressure },
          },
        ]),
      ),
    },
    rules: { type: 'array', minItems: 1, maxItems: 500, items: { $ref: '#/definitions/rule' } },
  },
  definitions: {
    rule: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'condition', 'askedOnIntake', 'reAskEveryVisit', 'source', 'effects'],
      properties: {
        code: { type: 'string', pattern: RULE_CODE_PATTERN },
        condition: text(200),
        askedOnIntake: text(500),
        reAskEveryVisit: { type: 'boolean' },
        reScreenDays: { type: 'integer', minimum: 1, maximum: 3650 },
        source: text(1000),
        effects: { type: 'array', minItems: 1, maxItems: 20, items: { $ref: '#/definitions/effect' } },
      },
    },
    effect: {
      type: 'object',
      additionalProperties: false,
      required: ['when', 'kind', 'techniques', 'regions', 'summary'],
      properties: {
        when: { $ref: '#/definitions/trigger' },
        kind: { type: 'string', enum: RESTRICTION_KINDS },
        techniques: {
          if: { type: 'string' },
          then: { const: 'all' },
          else: {
            type: 'object',
            minProperties: 1,
            maxProperties: 1,
            additionalProperties: false,
            properties: { only: techniqueList, allExcept: techniqueList },
          },
        },
        regions: { if: { type: 'string' }, then: { enum: ['all', 'trigger'] }, else: regionList },
        distal: { type: 'boolean' },
        regionsWhenUnstated: { if: { type: 'string' }, then: { const: 'all' }, else: regionList },
        maxPressure: { type: 'string', enum: [...PRESSURE_LEVELS, 'none'] },
        positioning: codes(POSITIONINGS),
        clearanceValidDays: { type: 'integer', minimum: 1, maximum: 3650 },
        summary: summaryCode,
      },
    },
    trigger: {
      type: 'object',
      // Exactly one kind key (the `then` of each kind refuses the others' keys).
      anyOf: TRIGGER_KEYS.map((k) => ({ required: [k] })),
      allOf: TRIGGER_KEYS.map((k) => ({
        if: { required: [k] },
        then: { additionalProperties: false, properties: TRIGGER_KINDS[k] },
      })),
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
addFormats(ajv);
const validateShape = ajv.compile(RULE_TABLE_JSON_SCHEMA);

const dotted = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

function toViolation(e: ErrorObject): RuleTableViolation {
  const at = dotted(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return { field: join(at, String(e.params['missingProperty'])), reason: 'is required' };
    case 'additionalProperties':
      return { field: join(at, String(e.params['additionalProperty'])), reason: 'is not allowed here' };
    case 'enum':
      return { field: at, reason: `must be one of: ${(e.params['allowedValues'] as unknown[]).join(', ')}` };
    case 'anyOf':
      return { field: at, reason: `a trigger needs exactly one of: ${TRIGGER_KEYS.join(', ')}` };
    default:
      return { field: at, reason: e.message ?? e.keyword };
  }
}

/** ajv's errors as field violations: `if` wrappers dropped, the branches of the trigger `anyOf` folded into one. */
function shapeViolations(errors: readonly ErrorObject[]): RuleTableViolation[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  const kept = errors.filter((e) => e.keyword !== 'if' && !anyOfPaths.some((p) => e.schemaPath.startsWith(`${p}/`)));
  const seen = new Set<string>();
  return kept.map(toViolation).filter((v) => {
    const key = `${v.field}\u0000${v.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * Checks a rule-table document: its shape against RULE_TABLE_JSON_SCHEMA, then what the schema cannot
 * say. Either the table, or every violation found, each naming its field by dotted path.
 */
export function validateRuleTable(
  doc: unknown,
): { ok: true; table: RuleTableDocument } | { ok: false; violations: RuleTableViolation[] } {
  if (!validateShape(doc)) return { ok: false, violations: shapeViolations(validateShape.errors ?? []) };
  const table = doc as unknown as RuleTableDocument;
  const violations = semanticViolations(table);
  return violations.length > 0 ? { ok: false, violations } : { ok: true, table };
}

function semanticViolations(table: RuleTableDocument): RuleTableViolation[] {
  const out: RuleTableViolation[] = [];
  const add = (field: string, reason: string) => out.push({ field, reason });

  if (!isCalendarDate(table.effectiveFrom)) add('effectiveFrom', 'is not a real calendar date');
  for (const [t, { min, max }] of Object.entries(table.techniquePressure)) {
    if (pressureRank(min) > pressureRank(max)) add(`techniquePressure.${t}.min`, 'is deeper than max');
  }
  const firstIndex = new Map<string, number>();
  table.rules.forEach((row, i) => {
    const seen = firstIndex.get(row.code);
    if (seen === undefined) firstIndex.set(row.code, i);
    else add(`rules.${i}.code`, `duplicates rules.${seen}.code (${row.code})`);
    row.effects.forEach((effect, j) => effectViolations(effect, `rules.${i}.effects.${j}`, add));
  });
  return out;
}

function effectViolations(e: RuleEffect, at: string, add: (field: string, reason: string) => void): void {
  const f = (name: string) => `${at}.${name}`;
  if (e.kind === 'CLEARANCE') {
    if (e.clearanceValidDays === undefined)
      add(f('clearanceValidDays'), 'is required on a CLEARANCE effect (how long a clearance stays valid)');
    if (e.maxPressure !== undefined)
      add(f('maxPressure'), 'is not allowed on a CLEARANCE effect (the clearance records its own cap)');
    if (e.positioning !== undefined) add(f('positioning'), 'is not allowed on a CLEARANCE effect');
  } else if (e.clearanceValidDays !== undefined) {
    add(f('clearanceValidDays'), `is only for CLEARANCE effects, not ${e.kind}`);
  }
  if (e.kind === 'ABSOLUTE') {
    if (e.techniques !== 'all') add(f('techniques'), 'must be "all" on an ABSOLUTE effect (no massage at all)');
    if (e.regions !== 'all') add(f('regions'), 'must be "all" on an ABSOLUTE effect');
    if (e.maxPressure !== undefined && e.maxPressure !== 'none')
      add(f('maxPressure'), 'must be absent or "none" on an ABSOLUTE effect');
    if (e.positioning !== undefined) add(f('positioning'), 'is not allowed on an ABSOLUTE effect');
  }
  if (e.kind === 'LOCAL') {
    if (e.regions === 'all') add(f('regions'), 'a LOCAL effect names regions ("trigger" or a list), not "all"');
    if (e.maxPressure === undefined) add(f('maxPressure'), 'is required on a LOCAL effect ("none" for no work there)');
  }
  if (
    e.kind === 'MODIFY' &&
    e.maxPressure === undefined &&
    (e.positioning === undefined || e.positioning.length === 0)
  ) {
    add(f('maxPressure'), 'a MODIFY effect needs a maxPressure or a positioning');
  }
  if (e.techniques !== 'all' && 'allExcept' in e.techniques && e.techniques.allExcept.length >= TECHNIQUES.length) {
    add(f('techniques.allExcept'), 'leaves no technique');
  }
  if (e.distal && e.regions === 'all') add(f('distal'), 'needs regions ("trigger" or a list), not "all"');
  if (e.regionsWhenUnstated !== undefined && e.regions !== 'trigger')
    add(f('regionsWhenUnstated'), 'is only for regions "trigger"');
  if (e.regions === 'trigger' && !carriesRegions(e.when))
    add(
      f('regions'),
      '"trigger" needs a trigger on conditions, surgeries, fractures or devices (answers with regions)',
    );
  triggerViolations(e.when, f('when'), add);
}

function carriesRegions(t: Trigger): boolean {
  if ('anyOf' in t) return t.anyOf.some(carriesRegions);
  if ('allOf' in t) return t.allOf.some(carriesRegions);
  return 'condition' in t || 'surgeryWithinDays' in t || 'fractureWithinDays' in t || 'deviceAny' in t;
}

function triggerViolations(t: Trigger, at: string, add: (field: string, reason: string) => void): void {
  if ('anyOf' in t) return t.anyOf.forEach((s, i) => triggerViolations(s, `${at}.anyOf.${i}`, add));
  if ('allOf' in t) return t.allOf.forEach((s, i) => triggerViolations(s, `${at}.allOf.${i}`, add));
  if ('condition' in t) {
    if (t.treatment === 'none' && (t.treatedWithinDays !== undefined || t.treatedOlderThanDays !== undefined)) {
      add(`${at}.treatment`, '"none" contradicts a treatment window');
    }
    if (
      t.treatedWithinDays !== undefined &&
      t.treatedOlderThanDays !== undefined &&
      t.treatedOlderThanDays >= t.treatedWithinDays
    ) {
      add(`${at}.treatedOlderThanDays`, 'leaves an empty window with treatedWithinDays');
    }
    const both = (t.qualifiersAny ?? []).filter((q) => t.qualifiersNone?.includes(q));
    if (both.length > 0) add(`${at}.qualifiersNone`, `contradicts qualifiersAny (${both.join(', ')})`);
  }
  if ('pregnancy' in t) {
    const { minWeeks, maxWeeks } = t.pregnancy;
    if (minWeeks !== undefined && maxWeeks !== undefined && minWeeks > maxWeeks)
      add(`${at}.pregnancy.minWeeks`, 'is after maxWeeks');
  }
}

function isCalendarDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
