import {
  BODY_REGIONS,
  DEVICE_KINDS,
  HEALTH_CONDITION_CODES,
  MEDICATION_CLASSES,
  PREGNANCY_RISK_FACTORS,
  PRESSURE_LEVELS,
  SYMPTOMS_TODAY,
  type ConditionQualifier,
} from '@massage/contracts';
import { isCalendarDate, isFutureDate, yearsBefore } from '../calendar';
import type { ConditionAnswer, DeviceAnswer, HealthAnswers, MedicationAnswer, SurgeryAnswer } from '../health-answers';
import type { RuleViolation } from '../violation';
import type { IntakeFormDefinition } from './form-definition';
import { HEALTH_ANSWER_LIMITS as L } from './health-answer-limits';
import { CURRENT_INTAKE_FORM } from './form-registry';

/** Qualifiers that contradict each other: an answer gives at most one of each pair. */
export const EXCLUSIVE_QUALIFIERS: readonly (readonly [ConditionQualifier, ConditionQualifier])[] = [
  ['controlled', 'uncontrolled'],
  ['mild', 'severe'],
  ['covered', 'widespread'],
];

/** Condition codes a client may list more than once (each entry its own thing); every other code once. */
const REPEATABLE_CONDITIONS: readonly string[] = ['other'];

function trimmedOrAbsent(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

function withNote<T extends { note?: string }>(entry: T): T {
  const { note, ...rest } = entry;
  const trimmed = trimmedOrAbsent(note);
  return (trimmed === undefined ? rest : { ...rest, note: trimmed }) as T;
}

/** Trims the client's free text (notes, medication names); a blank one counts as absent. Codes, numbers and dates are left alone. */
export function normalizeHealthAnswers(a: HealthAnswers): HealthAnswers {
  return {
    ...a,
    conditions: a.conditions.map(withNote),
    surgeries: a.surgeries.map(withNote),
    medications: a.medications.map((m): MedicationAnswer => {
      const name = trimmedOrAbsent(m.name);
      return name === undefined ? { class: m.class } : { class: m.class, name };
    }),
  };
}

/** Collects violations under a path prefix (`answers.conditions.2.regions.0`). */
class Violations {
  readonly list: RuleViolation[] = [];
  constructor(private readonly prefix: string) {}
  add(path: string, reason: string): void {
    this.list.push({ field: this.prefix ? `${this.prefix}.${path}` : path, reason });
  }
}

function isOneOf(codes: readonly string[], value: unknown): boolean {
  return typeof value === 'string' && codes.includes(value);
}

/** Each entry of `values` from `codes`, each at most once. */
function checkCodes(v: Violations, path: string, values: readonly string[], codes: readonly string[], listName: string, max = codes.length): void {
  if (values.length > max) v.add(path, `at most ${max} ${listName}`);
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (!isOneOf(codes, value)) v.add(`${path}.${i}`, `must be one of ${listName} (${codes.join(', ')})`);
    else if (seen.has(value)) v.add(`${path}.${i}`, `${value} is listed more than once`);
    seen.add(value);
  });
}

function checkRegions(v: Violations, path: string, regions: readonly string[], required: boolean): void {
  if (required && regions.length === 0) v.add(path, 'name at least one body region (where?)');
  checkCodes(v, path, regions, BODY_REGIONS, 'BODY_REGIONS', L.maxRegions);
}

/** A date of an answer: real, not in the future, not before anyone now alive was born. */
function checkDate(v: Violations, path: string, value: string | undefined, now: Date, required = false): boolean {
  if (value === undefined) {
    if (required) v.add(path, 'a date YYYY-MM-DD is required');
    return false;
  }
  if (typeof value !== 'string' || !isCalendarDate(value)) v.add(path, 'must be a real date YYYY-MM-DD');
  else if (isFutureDate(value, now)) v.add(path, 'must not be in the future');
  else if (value < yearsBefore(now, L.oldestDateYears)) v.add(path, `must be within the last ${L.oldestDateYears} years`);
  else return true;
  return false;
}

function checkNote(v: Violations, path: string, note: string | undefined): void {
  if (note !== undefined && note.length > L.noteMaxLength) v.add(path, `must be at most ${L.noteMaxLength} characters`);
}

function checkCondition(v: Violations, c: ConditionAnswer, i: number, form: IntakeFormDefinition, now: Date): void {
  const at = `conditions.${i}`;
  const question = isOneOf(HEALTH_CONDITION_CODES, c.code) ? form.conditionQuestions?.[c.code] : undefined;
  if (!question) {
    v.add(`${at}.code`, `must be one of HEALTH_CONDITION_CODES (${HEALTH_CONDITION_CODES.join(', ')})`);
    return;
  }
  checkRegions(v, `${at}.regions`, c.regions, question.regions === 'required');
  const seen = new Set<string>();
  c.qualifiers.forEach((q, j) => {
    if (!question.qualifiers.includes(q)) {
      const offered = question.qualifiers.length > 0 ? question.qualifiers.join(', ') : 'none';
      v.add(`${at}.qualifiers.${j}`, `${String(q)} does not qualify ${c.code} (offered: ${offered})`);
    } else if (seen.has(q)) v.add(`${at}.qualifiers.${j}`, `${q} is listed more than once`);
    else {
      const clash = EXCLUSIVE_QUALIFIERS.find((pair) => pair.includes(q) && pair.some((other) => other !== q && seen.has(other)));
      if (clash) v.add(`${at}.qualifiers.${j}`, `${clash[0]} and ${clash[1]} exclude each other`);
    }
    seen.add(q);
  });
  checkDate(v, `${at}.diagnosedOn`, c.diagnosedOn, now);
  checkDate(v, `${at}.onsetOn`, c.onsetOn, now);
  const started = checkDate(v, `${at}.treatmentStartedOn`, c.treatmentStartedOn, now);
  const ended = checkDate(v, `${at}.treatmentEndedOn`, c.treatmentEndedOn, now);
  if (started && ended && (c.treatmentEndedOn as string) < (c.treatmentStartedOn as string)) {
    v.add(`${at}.treatmentEndedOn`, 'treatmentEndedOn must not be before treatmentStartedOn');
  }
  checkNote(v, `${at}.note`, c.note);
}

function checkSite(v: Violations, at: string, entry: Pick<SurgeryAnswer, 'on' | 'sites'>, now: Date): void {
  checkDate(v, `${at}.on`, entry.on, now, true);
  checkRegions(v, `${at}.sites`, entry.sites, true);
}

function checkDevice(v: Violations, d: DeviceAnswer, i: number, now: Date): void {
  const at = `devices.${i}`;
  if (!isOneOf(DEVICE_KINDS, d.kind)) v.add(`${at}.kind`, `must be one of DEVICE_KINDS (${DEVICE_KINDS.join(', ')})`);
  checkRegions(v, `${at}.sites`, d.sites, true);
  const placed = checkDate(v, `${at}.placedOn`, d.placedOn, now);
  const removed = checkDate(v, `${at}.removedOn`, d.removedOn, now);
  if (placed && removed && (d.removedOn as string) < (d.placedOn as string)) v.add(`${at}.removedOn`, 'removedOn must not be before placedOn');
}

function checkList<T>(v: Violations, path: string, list: readonly T[], max: number, each: (entry: T, i: number) => void): void {
  if (list.length > max) v.add(path, `at most ${max} entries`);
  list.forEach(each);
}

/**
 * The rules of form v2's health answers, on normalized answers, each violation naming its field path
 * under `prefix` (`answers.conditions.2.regions.0`): codes from the contracts' lists, each code once where
 * a repeat would be ambiguous (a condition, a region of one answer, a symptom, a pain region), the
 * regions a rule needs ("where?"), the qualifiers the form offers for each condition and never two that
 * exclude each other, dates real and not in the future, a treatment not ending before it started, a
 * device not removed before it was placed, integer pain 0–10 and weeks 0–45, pressure P1–P5.
 */
export function checkHealthAnswers(a: HealthAnswers, now: Date, options: { form?: IntakeFormDefinition; prefix?: string } = {}): RuleViolation[] {
  const form = options.form ?? CURRENT_INTAKE_FORM;
  const v = new Violations(options.prefix ?? 'answers');

  checkList(v, 'conditions', a.conditions, L.maxConditions, (c, i) => checkCondition(v, c, i, form, now));
  const seenConditions = new Set<string>();
  a.conditions.forEach((c, i) => {
    if (seenConditions.has(c.code) && !REPEATABLE_CONDITIONS.includes(c.code)) {
      v.add(`conditions.${i}.code`, `${c.code} is listed more than once (give every region and date in one entry)`);
    }
    seenConditions.add(c.code);
  });

  checkList(v, 'surgeries', a.surgeries, L.maxSurgeries, (s, i) => {
    checkSite(v, `surgeries.${i}`, s, now);
    checkNote(v, `surgeries.${i}.note`, s.note);
  });
  checkList(v, 'fractures', a.fractures, L.maxFractures, (f, i) => {
    checkSite(v, `fractures.${i}`, f, now);
    if (typeof f.healed !== 'boolean') v.add(`fractures.${i}.healed`, 'healed must be true or false');
  });
  checkList(v, 'devices', a.devices, L.maxDevices, (d, i) => checkDevice(v, d, i, now));

  if (a.pregnancy !== undefined) {
    const { weeks, riskFactors } = a.pregnancy;
    if (!Number.isInteger(weeks) || weeks < L.pregnancyWeeks.min || weeks > L.pregnancyWeeks.max) {
      v.add('pregnancy.weeks', `weeks must be an integer from ${L.pregnancyWeeks.min} to ${L.pregnancyWeeks.max}`);
    }
    checkCodes(v, 'pregnancy.riskFactors', riskFactors, PREGNANCY_RISK_FACTORS, 'PREGNANCY_RISK_FACTORS');
  }

  checkList(v, 'medications', a.medications, L.maxMedications, (m, i) => {
    if (!isOneOf(MEDICATION_CLASSES, m.class)) v.add(`medications.${i}.class`, `must be one of MEDICATION_CLASSES (${MEDICATION_CLASSES.join(', ')})`);
    if (m.name !== undefined && (m.name.length < L.medicationNameMinLength || m.name.length > L.medicationNameMaxLength)) {
      v.add(`medications.${i}.name`, `name must be ${L.medicationNameMinLength}–${L.medicationNameMaxLength} characters`);
    }
  });

  checkCodes(v, 'symptomsToday', a.symptomsToday, SYMPTOMS_TODAY, 'SYMPTOMS_TODAY');

  if (a.painAreas.length > L.maxPainAreas) v.add('painAreas', `at most ${L.maxPainAreas} pain areas`);
  const seenRegions = new Set<string>();
  a.painAreas.forEach((p, i) => {
    if (!isOneOf(BODY_REGIONS, p.region)) v.add(`painAreas.${i}.region`, 'region must be one of BODY_REGIONS');
    else if (seenRegions.has(p.region)) v.add(`painAreas.${i}.region`, `region ${p.region} is listed more than once`);
    seenRegions.add(p.region);
    if (!Number.isInteger(p.rating) || p.rating < L.painRating.min || p.rating > L.painRating.max) {
      v.add(`painAreas.${i}.rating`, `rating must be an integer from ${L.painRating.min} to ${L.painRating.max}`);
    }
  });

  if (!isOneOf(PRESSURE_LEVELS, a.pressurePreference)) v.add('pressurePreference', `pressurePreference must be one of ${PRESSURE_LEVELS.join(', ')}`);
  if (a.unanswered !== undefined) v.add('unanswered', 'unanswered is set only on answers migrated from form v1, never submitted');
  return v.list;
}
