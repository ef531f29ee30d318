import { BODY_REGIONS, PAIN_RATING_SCALE, PREGNANCY_WEEKS_RANGE } from '@massage/contracts';
import { INTAKE_RULES } from '../intake-rules';

/**
 * The limits of form v2's health answers, written once: `checkHealthAnswers` applies them and the request
 * DTOs of `@massage/intake-api` derive their decorators from them. The scales (pain 0–10, weeks 0–45) are
 * the contracts' own, shared with the IntakeCompleted schemas.
 */
export const HEALTH_ANSWER_LIMITS = {
  maxConditions: 30,
  maxSurgeries: 20,
  maxFractures: 20,
  maxDevices: 20,
  maxMedications: 30,
  /** A list of regions or sites names each region at most once. */
  maxRegions: BODY_REGIONS.length,
  maxPainAreas: BODY_REGIONS.length,
  noteMaxLength: INTAKE_RULES.noteMaxLength,
  medicationNameMinLength: 1,
  medicationNameMaxLength: INTAKE_RULES.noteMaxLength,
  painRating: PAIN_RATING_SCALE,
  pregnancyWeeks: PREGNANCY_WEEKS_RANGE,
  /** A date an answer gives is at most this many years ago. */
  oldestDateYears: INTAKE_RULES.maxAgeYears,
} as const;
