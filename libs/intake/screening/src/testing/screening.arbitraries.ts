import {
  BODY_REGIONS,
  CONDITION_QUALIFIERS,
  DEVICE_KINDS,
  HEALTH_CONDITION_CODES,
  MEDICATION_CLASSES,
  POSITIONINGS,
  PREGNANCY_RISK_FACTORS,
  PRESSURE_LEVELS,
  SYMPTOMS_TODAY,
  TECHNIQUES,
  type BodyRegion,
  type PregnancyRiskFactor,
  type SymptomToday,
} from '@massage/contracts';
import type {
  ConditionAnswer,
  DeviceAnswer,
  FractureAnswer,
  HealthAnswers,
  MedicationAnswer,
  PregnancyAnswer,
  SurgeryAnswer,
} from '@massage/intake-domain';
import fc from 'fast-check';
import { RULE_TABLE_2026_1 } from '../lib/rule-table-2026-1';
import type { ClearanceInput } from '../lib/screening.types';

/*
 * fast-check arbitraries for realistic, valid form v2 answers and clearances, dated relative to the
 * as-of instant, with the table's window edges (42, 84/85, 90/91, 182/183 days) drawn often.
 */

const DAY_MS = 86_400_000;
const EDGES = [0, 1, 29, 30, 41, 42, 84, 85, 89, 90, 91, 182, 183, 365];

/** As-of instants over two years from the table's effective date. */
export const asOfArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }).map((t) => new Date(t));

const daysBeforeArb = fc.oneof(fc.constantFrom(...EDGES), fc.integer({ min: 0, max: 2000 }));
const dateBefore = (asOf: Date, days: number) => new Date(asOf.getTime() - days * DAY_MS).toISOString().slice(0, 10);
/** A fresh empty list each time (a shared one could leak a mutation between cases). */
const empty = <T>(): fc.Arbitrary<T[]> => fc.constant(null).map((): T[] => []);
const regionsArb = fc.oneof(
  { weight: 1, arbitrary: empty<BodyRegion>() },
  { weight: 4, arbitrary: fc.subarray([...BODY_REGIONS], { minLength: 1, maxLength: 3 }) },
);

export const conditionArb = (asOf: Date): fc.Arbitrary<ConditionAnswer> =>
  fc
    .record({
      code: fc.constantFrom(...HEALTH_CONDITION_CODES),
      regions: regionsArb,
      qualifiers: fc.subarray([...CONDITION_QUALIFIERS], { maxLength: 2 }),
      diagnosed: fc.option(daysBeforeArb, { nil: undefined }),
      onset: fc.option(daysBeforeArb, { nil: undefined }),
      // none | ongoing | ended: [started, ended] days before, ended ≤ started.
      treatment: fc.oneof(
        fc.constant(undefined),
        fc.tuple(daysBeforeArb, fc.option(daysBeforeArb, { nil: undefined })),
      ),
    })
    .map(({ code, regions, qualifiers, diagnosed, onset, treatment }) => {
      const c: ConditionAnswer = { code, regions, qualifiers };
      if (diagnosed !== undefined) c.diagnosedOn = dateBefore(asOf, diagnosed);
      if (onset !== undefined) c.onsetOn = dateBefore(asOf, onset);
      if (treatment) {
        const [started, ended] = treatment;
        c.treatmentStartedOn = dateBefore(asOf, Math.max(started, ended ?? 0));
        if (ended !== undefined) c.treatmentEndedOn = dateBefore(asOf, ended);
      }
      return c;
    });

export const surgeryArb = (asOf: Date): fc.Arbitrary<SurgeryAnswer> =>
  fc.record({ on: daysBeforeArb.map((d) => dateBefore(asOf, d)), sites: regionsArb });

export const fractureArb = (asOf: Date): fc.Arbitrary<FractureAnswer> =>
  fc.record({ on: daysBeforeArb.map((d) => dateBefore(asOf, d)), sites: regionsArb, healed: fc.boolean() });

export const deviceArb = (asOf: Date): fc.Arbitrary<DeviceAnswer> =>
  fc
    .record({
      kind: fc.constantFrom(...DEVICE_KINDS),
      sites: regionsArb,
      placed: fc.option(daysBeforeArb, { nil: undefined }),
      removed: fc.option(daysBeforeArb, { nil: undefined }),
    })
    .map(({ kind, sites, placed, removed }) => {
      const d: DeviceAnswer = { kind, sites };
      if (placed !== undefined) d.placedOn = dateBefore(asOf, placed);
      if (removed !== undefined && (placed === undefined || removed <= placed)) d.removedOn = dateBefore(asOf, removed);
      return d;
    });

export const pregnancyArb: fc.Arbitrary<PregnancyAnswer> = fc.record({
  weeks: fc.oneof(fc.constantFrom(12, 13), fc.integer({ min: 0, max: 42 })),
  riskFactors: fc.oneof(
    { weight: 3, arbitrary: empty<PregnancyRiskFactor>() },
    { weight: 1, arbitrary: fc.subarray([...PREGNANCY_RISK_FACTORS], { minLength: 1 }) },
  ),
});

export const medicationArb: fc.Arbitrary<MedicationAnswer> = fc.record({
  class: fc.constantFrom(...MEDICATION_CLASSES),
});

/** Realistic answers: a few conditions, sometimes a surgery, fracture, device, pregnancy, medication, symptom. */
export const answersArb = (asOf: Date): fc.Arbitrary<HealthAnswers> =>
  fc
    .record({
      conditions: fc.array(conditionArb(asOf), { maxLength: 4 }),
      surgeries: fc.array(surgeryArb(asOf), { maxLength: 2 }),
      fractures: fc.array(fractureArb(asOf), { maxLength: 1 }),
      devices: fc.array(deviceArb(asOf), { maxLength: 2 }),
      pregnancy: fc.option(pregnancyArb, { nil: undefined, freq: 4 }),
      medications: fc.array(medicationArb, { maxLength: 3 }),
      symptomsToday: fc.oneof(
        { weight: 3, arbitrary: empty<SymptomToday>() },
        { weight: 2, arbitrary: fc.subarray([...SYMPTOMS_TODAY], { minLength: 1, maxLength: 2 }) },
      ),
      painAreas: fc.array(
        fc.record({ region: fc.constantFrom(...BODY_REGIONS), rating: fc.integer({ min: 0, max: 10 }) }),
        { maxLength: 3 },
      ),
      pressurePreference: fc.constantFrom(...PRESSURE_LEVELS),
    })
    .map(({ pregnancy, ...rest }) => (pregnancy ? { ...rest, pregnancy } : rest));

/** One more thing reported, as data (so a counterexample prints it): apply it with `withAddition`. */
export type Addition =
  | { condition: ConditionAnswer }
  | { surgery: SurgeryAnswer }
  | { fracture: FractureAnswer }
  | { device: DeviceAnswer }
  | { medication: MedicationAnswer }
  | { symptom: SymptomToday }
  | { pregnancy: PregnancyAnswer; riskFactor: PregnancyRiskFactor };

export const additionArb = (asOf: Date): fc.Arbitrary<Addition> =>
  fc.oneof(
    conditionArb(asOf).map((condition) => ({ condition })),
    surgeryArb(asOf).map((surgery) => ({ surgery })),
    fractureArb(asOf).map((fracture) => ({ fracture })),
    deviceArb(asOf).map((device) => ({ device })),
    medicationArb.map((medication) => ({ medication })),
    fc.constantFrom(...SYMPTOMS_TODAY).map((symptom) => ({ symptom })),
    fc.record({ pregnancy: pregnancyArb, riskFactor: fc.constantFrom(...PREGNANCY_RISK_FACTORS) }),
  );

/** The answers with one more thing: a pregnancy when there was none, else one more risk factor. */
export function withAddition(a: HealthAnswers, add: Addition): HealthAnswers {
  if ('condition' in add) return { ...a, conditions: [...a.conditions, add.condition] };
  if ('surgery' in add) return { ...a, surgeries: [...a.surgeries, add.surgery] };
  if ('fracture' in add) return { ...a, fractures: [...a.fractures, add.fracture] };
  if ('device' in add) return { ...a, devices: [...a.devices, add.device] };
  if ('medication' in add) return { ...a, medications: [...a.medications, add.medication] };
  if ('symptom' in add)
    return a.symptomsToday.includes(add.symptom) ? a : { ...a, symptomsToday: [...a.symptomsToday, add.symptom] };
  if (!a.pregnancy) return { ...a, pregnancy: add.pregnancy };
  return a.pregnancy.riskFactors.includes(add.riskFactor)
    ? a
    : { ...a, pregnancy: { ...a.pregnancy, riskFactors: [...a.pregnancy.riskFactors, add.riskFactor] } };
}

const CLEARANCE_RULES = RULE_TABLE_2026_1.rules
  .filter((r) => r.effects.some((e) => e.kind === 'CLEARANCE'))
  .map((r) => r.code);
const OTHER_RULES = RULE_TABLE_2026_1.rules.map((r) => r.code).filter((c) => !CLEARANCE_RULES.includes(c));

export type ClearanceState = 'valid' | 'expired' | 'revoked';

/** A clearance in the given state(s) at `asOf`: rules mostly ones with a CLEARANCE effect, scopes often `all`. */
export const clearanceArb = (
  asOf: Date,
  states: readonly ClearanceState[] = ['valid', 'expired', 'revoked'],
): fc.Arbitrary<Omit<ClearanceInput, 'id'>> =>
  fc
    .record({
      rules: fc.oneof(
        { weight: 4, arbitrary: fc.subarray(CLEARANCE_RULES, { minLength: 1, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.subarray([...CLEARANCE_RULES, ...OTHER_RULES], { minLength: 1, maxLength: 4 }) },
      ),
      techniques: fc.oneof(
        { weight: 3, arbitrary: fc.constant('all' as const) },
        { weight: 1, arbitrary: fc.subarray([...TECHNIQUES], { minLength: 1 }) },
      ),
      sites: fc.oneof(
        { weight: 2, arbitrary: fc.constant('all' as const) },
        { weight: 1, arbitrary: fc.subarray([...BODY_REGIONS], { minLength: 1, maxLength: 6 }) },
      ),
      maxPressure: fc.option(fc.constantFrom(...PRESSURE_LEVELS), { nil: undefined }),
      positioning: fc.option(fc.subarray([...POSITIONINGS], { minLength: 1, maxLength: 2 }), { nil: undefined }),
      state: fc.constantFrom(...states),
      // Minutes from the as-of instant: valid ones expire after it, expired ones at or before it.
      minutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 * 24 * 60 })),
      revokedMinutesAgo: fc.integer({ min: 0, max: 60 * 24 * 30 }),
    })
    .map(({ state, minutes, revokedMinutesAgo, maxPressure, positioning, ...scope }) => {
      const c: Omit<ClearanceInput, 'id'> = {
        ...scope,
        expiresAt: new Date(
          asOf.getTime() + (state === 'expired' ? -minutes : Math.max(1, minutes)) * 60_000,
        ).toISOString(),
      };
      if (state === 'revoked') c.revokedAt = new Date(asOf.getTime() - revokedMinutesAgo * 60_000).toISOString();
      if (maxPressure !== undefined) c.maxPressure = maxPressure;
      if (positioning !== undefined) c.positioning = positioning;
      return c;
    });

/** Up to `max` clearances with distinct ids. */
export const clearancesArb = (
  asOf: Date,
  states?: readonly ClearanceState[],
  max = 4,
): fc.Arbitrary<ClearanceInput[]> =>
  fc
    .array(clearanceArb(asOf, states), { maxLength: max })
    .map((cs) => cs.map((c, i) => ({ id: `clearance-${i}`, ...c })));
