import {
  BODY_REGIONS,
  CONDITION_CODES,
  MEDICATION_CODES,
  PRESSURE_PREFERENCES,
  type BodyRegion,
  type ConditionCode,
  type MedicationCode,
  type PressurePreference,
} from '@massage/contracts';
import { FORM_VERSION_REGEX, INTAKE_RULES } from './intake-rules';
import { isCalendarDate, isFutureDate, isInstant } from './calendar';
import type { RuleViolation } from './violation';

export interface ConditionEntry {
  code: ConditionCode;
  /** The client's own words; stays in the intake database. */
  note?: string;
}

export interface MedicationEntry {
  code: MedicationCode;
  /** The medication's name as the client gave it; stays in the intake database. */
  name: string;
}

export interface RecentInjuryOrSurgery {
  present: boolean;
  description?: string;
  /** `YYYY-MM-DD`. */
  date?: string;
}

export interface PainArea {
  region: BodyRegion;
  /** Integer 0–10. */
  rating: number;
}

/** The health-history part of an intake: what is stored as one document pinned to the form version. */
export interface HealthHistory {
  conditions: ConditionEntry[];
  medications: MedicationEntry[];
  recentInjuryOrSurgery: RecentInjuryOrSurgery;
  painAreas: PainArea[];
}

export interface ConsentSubmission {
  given: boolean;
  signedName: string;
  /** RFC 3339 date-time with offset. */
  signedAt: string;
}

/** The answers a client gives on an intake form, as submitted. */
export interface IntakeSubmission extends HealthHistory {
  formVersion: string;
  goals: string[];
  pressurePreference: PressurePreference;
  consent: ConsentSubmission;
}

export interface Consent {
  given: true;
  signedName: string;
  /** RFC 3339, UTC. */
  signedAt: string;
}

/** A signed intake as stored: every answer is pinned to the form version the client saw. */
export interface CompletedIntake extends HealthHistory {
  id: string;
  clientId: string;
  locationId: string;
  formVersion: string;
  /** RFC 3339, UTC. */
  submittedAt: string;
  goals: string[];
  pressurePreference: PressurePreference;
  consent: Consent;
}

function trimmedOrAbsent(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

/** Trims free text; an empty note or description counts as absent. Codes and numbers are left alone. */
export function normalizeIntakeSubmission(input: IntakeSubmission): IntakeSubmission {
  const injury = input.recentInjuryOrSurgery;
  const description = trimmedOrAbsent(injury.description);
  return {
    formVersion: input.formVersion,
    conditions: input.conditions.map((c) => {
      const note = trimmedOrAbsent(c.note);
      return { code: c.code, ...(note ? { note } : {}) };
    }),
    medications: input.medications.map((m) => ({ code: m.code, name: m.name.trim() })),
    recentInjuryOrSurgery: {
      present: injury.present,
      ...(description ? { description } : {}),
      ...(injury.date !== undefined ? { date: injury.date } : {}),
    },
    painAreas: input.painAreas.map((p) => ({ region: p.region, rating: p.rating })),
    goals: input.goals.map((g) => g.trim()),
    pressurePreference: input.pressurePreference,
    consent: { given: input.consent.given, signedName: input.consent.signedName.trim(), signedAt: input.consent.signedAt },
  };
}

function lengthBetween(value: string, min: number, max: number): boolean {
  return value.length >= min && value.length <= max;
}

/**
 * The intake rules, on a normalized submission: coded answers from the shared code lists, each code
 * and region at most once, 0–10 integer pain ratings, 1–10 goals, a described injury when there is
 * one, and consent given and signed.
 */
export function checkIntakeSubmission(s: IntakeSubmission, now: Date): RuleViolation[] {
  const r = INTAKE_RULES;
  const v: RuleViolation[] = [];
  if (!FORM_VERSION_REGEX.test(s.formVersion)) {
    v.push({ field: 'formVersion', reason: 'formVersion must be 1–32 characters of letters, digits, ".", "_" or "-"' });
  }

  if (s.conditions.length > r.maxConditions) v.push({ field: 'conditions', reason: `at most ${r.maxConditions} conditions` });
  const seenConditions = new Set<string>();
  s.conditions.forEach((c, i) => {
    if (!(CONDITION_CODES as readonly string[]).includes(c.code)) {
      v.push({ field: `conditions.${i}.code`, reason: 'code must be one of CONDITION_CODES' });
    } else if (seenConditions.has(c.code)) {
      v.push({ field: `conditions.${i}.code`, reason: `condition ${c.code} is listed more than once` });
    }
    seenConditions.add(c.code);
    if (c.note !== undefined && c.note.length > r.noteMaxLength) {
      v.push({ field: `conditions.${i}.note`, reason: `note must be at most ${r.noteMaxLength} characters` });
    }
  });

  if (s.medications.length > r.maxMedications) v.push({ field: 'medications', reason: `at most ${r.maxMedications} medications` });
  s.medications.forEach((m, i) => {
    if (!(MEDICATION_CODES as readonly string[]).includes(m.code)) {
      v.push({ field: `medications.${i}.code`, reason: 'code must be one of MEDICATION_CODES' });
    }
    if (!lengthBetween(m.name, r.medicationNameMinLength, r.noteMaxLength)) {
      v.push({ field: `medications.${i}.name`, reason: `name must be ${r.medicationNameMinLength}–${r.noteMaxLength} characters, not blank` });
    }
  });

  const injury = s.recentInjuryOrSurgery;
  if (injury.present) {
    if (injury.description === undefined) {
      v.push({ field: 'recentInjuryOrSurgery.description', reason: 'description is required when present is true' });
    } else if (injury.description.length > r.noteMaxLength) {
      v.push({ field: 'recentInjuryOrSurgery.description', reason: `description must be at most ${r.noteMaxLength} characters` });
    }
    if (injury.date !== undefined) {
      if (!isCalendarDate(injury.date)) v.push({ field: 'recentInjuryOrSurgery.date', reason: 'date must be a real date YYYY-MM-DD' });
      else if (isFutureDate(injury.date, now)) v.push({ field: 'recentInjuryOrSurgery.date', reason: 'date must not be in the future' });
    }
  } else {
    if (injury.description !== undefined) v.push({ field: 'recentInjuryOrSurgery.description', reason: 'description must be absent when present is false' });
    if (injury.date !== undefined) v.push({ field: 'recentInjuryOrSurgery.date', reason: 'date must be absent when present is false' });
  }

  if (s.painAreas.length > BODY_REGIONS.length) v.push({ field: 'painAreas', reason: `at most ${BODY_REGIONS.length} pain areas` });
  const seenRegions = new Set<string>();
  s.painAreas.forEach((p, i) => {
    if (!(BODY_REGIONS as readonly string[]).includes(p.region)) {
      v.push({ field: `painAreas.${i}.region`, reason: 'region must be one of BODY_REGIONS' });
    } else if (seenRegions.has(p.region)) {
      v.push({ field: `painAreas.${i}.region`, reason: `region ${p.region} is listed more than once` });
    }
    seenRegions.add(p.region);
    if (!Number.isInteger(p.rating) || p.rating < r.painRatingMin || p.rating > r.painRatingMax) {
      v.push({ field: `painAreas.${i}.rating`, reason: `rating must be an integer from ${r.painRatingMin} to ${r.painRatingMax}` });
    }
  });

  if (s.goals.length < r.goalsMin || s.goals.length > r.goalsMax) {
    v.push({ field: 'goals', reason: `goals must have ${r.goalsMin}–${r.goalsMax} entries` });
  }
  s.goals.forEach((g, i) => {
    if (!lengthBetween(g, r.goalMinLength, r.goalMaxLength)) {
      v.push({ field: `goals.${i}`, reason: `each goal must be ${r.goalMinLength}–${r.goalMaxLength} characters, not blank` });
    }
  });

  if (!(PRESSURE_PREFERENCES as readonly string[]).includes(s.pressurePreference)) {
    v.push({ field: 'pressurePreference', reason: 'pressurePreference must be one of PRESSURE_PREFERENCES' });
  }

  if (s.consent.given !== true) v.push({ field: 'consent.given', reason: 'consent must be given to complete an intake' });
  if (!lengthBetween(s.consent.signedName, r.nameMinLength, r.nameMaxLength)) {
    v.push({ field: 'consent.signedName', reason: `signedName must be ${r.nameMinLength}–${r.nameMaxLength} characters, not blank` });
  }
  if (!isInstant(s.consent.signedAt)) {
    v.push({ field: 'consent.signedAt', reason: 'signedAt must be an RFC 3339 date-time with offset' });
  } else if (Date.parse(s.consent.signedAt) > now.getTime() + r.signedAtMaxSkewMinutes * 60_000) {
    v.push({ field: 'consent.signedAt', reason: 'signedAt must not be in the future' });
  }
  return v;
}

/** Builds the stored intake from a normalized, checked submission. `signedAt` is normalized to UTC. */
export function completeIntake(
  s: IntakeSubmission,
  ids: { id: string; clientId: string; locationId: string },
  submittedAt: Date,
): CompletedIntake {
  if (s.consent.given !== true) throw new Error('an intake cannot be completed without consent');
  return {
    ...ids,
    formVersion: s.formVersion,
    submittedAt: submittedAt.toISOString(),
    conditions: s.conditions,
    medications: s.medications,
    recentInjuryOrSurgery: s.recentInjuryOrSurgery,
    painAreas: s.painAreas,
    goals: s.goals,
    pressurePreference: s.pressurePreference,
    consent: { given: true, signedName: s.consent.signedName, signedAt: new Date(s.consent.signedAt).toISOString() },
  };
}

/** The health-history document of an intake (what the database stores as jsonb). */
export function healthHistoryOf(i: HealthHistory): HealthHistory {
  return {
    conditions: i.conditions,
    medications: i.medications,
    recentInjuryOrSurgery: i.recentInjuryOrSurgery,
    painAreas: i.painAreas,
  };
}
