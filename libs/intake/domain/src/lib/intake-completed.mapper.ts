import type { ConditionCode, HealthConditionCode, IntakeCompletedV1, IntakeCompletedV2, MedicationClass, MedicationCode, SymptomToday } from '@massage/contracts';
import type { ConditionAnswer } from './health-answers';
import type { CompletedIntake } from './intake-submission';
import { V1_PRESSURE_OF_LEVEL } from './legacy-v1/pressure-levels';

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * The public IntakeCompleted v2 payload of a stored intake: ids, codes, regions and dates. Notes,
 * medication names, goals and the signed name never leave intake.
 */
export function toIntakeCompletedV2Payload(intake: CompletedIntake): IntakeCompletedV2 {
  const a = intake.answers;
  return {
    intakeId: intake.id,
    clientId: intake.clientId,
    locationId: intake.locationId,
    formVersion: intake.formVersion,
    kind: intake.kind,
    previousIntakeId: intake.previousIntakeId,
    completedAt: intake.submittedAt,
    consentTextVersion: intake.consent.textVersion,
    consentValidUntil: intake.consent.validUntil,
    conditions: a.conditions.map((c) => ({ code: c.code, regions: [...c.regions], qualifiers: [...c.qualifiers] })),
    medicationClasses: unique(a.medications.map((m) => m.class)),
    symptomsToday: [...a.symptomsToday],
    pregnancy: a.pregnancy ? { weeks: a.pregnancy.weeks, riskFactors: [...a.pregnancy.riskFactors] } : null,
    surgeries: a.surgeries.map((s) => ({ on: s.on, sites: [...s.sites] })),
    fractures: a.fractures.map((f) => ({ on: f.on, sites: [...f.sites], healed: f.healed })),
    devices: a.devices.map((d) => ({ kind: d.kind, sites: [...d.sites] })),
    painReports: a.painAreas.map((p) => ({ region: p.region, rating: p.rating })),
    pressurePreference: a.pressurePreference,
  };
}

/** A surgery or fracture this recent counts as v1's "recent injury or surgery" (screening-rules.md: SURG, FRACT, 12 weeks). */
export const V1_RECENT_DAYS = 84;

/** v2 codes on v1's list; a code without a v1 counterpart is `other` (v1 consumers saw `other` for anything unlisted). */
const V1_CONDITION_OF: Partial<Record<HealthConditionCode, ConditionCode>> = {
  dvt: 'suspected-dvt',
  thrombophlebitis: 'suspected-dvt',
  'contagious-skin-condition': 'contagious-skin-condition',
  'open-wound': 'open-wound',
  cellulitis: 'acute-infection',
  'varicose-veins': 'varicose-veins',
  osteoporosis: 'osteoporosis',
  osteopenia: 'osteoporosis',
  diabetes: 'diabetes',
  epilepsy: 'epilepsy',
  'cardiovascular-disease': 'cardiovascular-disease',
  'acute-inflammation': 'recent-injury',
};

function v1ConditionOf(c: ConditionAnswer): ConditionCode {
  if (c.code === 'hypertension') return c.qualifiers.includes('uncontrolled') ? 'uncontrolled-hypertension' : 'cardiovascular-disease';
  if (c.code === 'cancer') return c.qualifiers.includes('active-treatment') ? 'cancer-treatment' : 'other';
  return V1_CONDITION_OF[c.code] ?? 'other';
}

const V1_CONDITION_OF_SYMPTOM: Partial<Record<SymptomToday, ConditionCode>> = {
  'fever-last-48h': 'fever',
  'flu-or-cold-last-48h': 'acute-infection',
  'leg-swollen-warm-or-painful': 'suspected-dvt',
};

const V1_MEDICATION_OF: Readonly<Record<MedicationClass, MedicationCode>> = {
  anticoagulant: 'anticoagulant',
  antiplatelet: 'anticoagulant',
  corticosteroid: 'corticosteroid',
  analgesic: 'analgesic',
  'muscle-relaxant': 'muscle-relaxant',
  insulin: 'other',
  antihypertensive: 'other',
  chemotherapy: 'other',
  other: 'other',
};

function daysBetween(earlier: string, later: string): number {
  return (Date.parse(`${later.slice(0, 10)}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / 86_400_000;
}

/**
 * The deprecated IntakeCompleted v1 payload of a v2 intake, for consumers that have not moved yet: each
 * v2 answer on v1's closest code (a DVT is v1's `suspected-dvt`, antiplatelets are `anticoagulant`, a
 * code v1 lacks is `other`), a surgery or fracture in the last 12 weeks is `recentInjuryOrSurgery`, and the
 * P-level is v1's word for it (P1 and P2 are both "light"). Lossy by nature: regions, dates, qualifiers,
 * devices and pregnancy weeks have no v1 field.
 */
export function toIntakeCompletedPayload(intake: CompletedIntake): IntakeCompletedV1 {
  const a = intake.answers;
  const recent = (on: string): boolean => daysBetween(on, intake.submittedAt) <= V1_RECENT_DAYS;
  const recentSurgery = a.surgeries.some((s) => recent(s.on));
  const recentFracture = a.fractures.some((f) => recent(f.on));
  const conditionCodes: ConditionCode[] = [
    ...a.symptomsToday.flatMap((s) => V1_CONDITION_OF_SYMPTOM[s] ?? []),
    ...a.conditions.map(v1ConditionOf),
    ...(recentSurgery ? (['recent-surgery'] as const) : []),
    ...(recentFracture ? (['recent-injury'] as const) : []),
    ...(a.pregnancy ? (['pregnancy'] as const) : []),
    ...(a.pregnancy && a.pregnancy.riskFactors.length > 0 ? (['pregnancy-complications'] as const) : []),
  ];
  return {
    intakeId: intake.id,
    clientId: intake.clientId,
    locationId: intake.locationId,
    formVersion: intake.formVersion,
    completedAt: intake.submittedAt,
    consentGivenAt: intake.consent.signedAt,
    conditionCodes: unique(conditionCodes),
    medicationCodes: unique(a.medications.map((m) => V1_MEDICATION_OF[m.class])),
    recentInjuryOrSurgery: recentSurgery || recentFracture,
    painReports: a.painAreas.map((p) => ({ region: p.region, rating: p.rating })),
    pressurePreference: V1_PRESSURE_OF_LEVEL[a.pressurePreference],
    goalCount: intake.goals.length,
  };
}
