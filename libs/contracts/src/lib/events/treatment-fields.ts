import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';
import { BODY_REGIONS, type BodyRegion } from '../domain/body-regions-and-pressure';
import { PRESSURE_LEVELS, type PressureLevel } from '../domain/screening-codes';
import { TECHNIQUES, type Technique } from '../domain/techniques';
import { REFERRAL_SOURCES, SCORE_0_TO_10, type ReferralSource } from '../domain/treatment-codes';

/**
 * What treatment events share. Ids and codes only: a goal's words, a referrer's name and every SOAP section's
 * text stay in treatment's database.
 */

/** Whose plan, where. */
export interface TreatmentPlanEventBaseV1 {
  planId: string;
  clientId: string;
  locationId: string;
}

/** A functional goal as a PSFS item: its id, where it started and where it should get to (0 = unable, 10 = as before), and by when. */
export interface PlanGoalV1 {
  goalId: string;
  baselineScore: number;
  targetScore: number;
  /** The local date the goal should be reached by (`YYYY-MM-DD`). */
  by?: string;
}

/** Who referred the client, as a code, and for what, as a diagnosis code (ICD-10, e.g. `M54.2`). */
export interface PlanReferralV1 {
  source: ReferralSource;
  reasonCode?: string;
}

/** What a plan commits to (created or revised), as checked against the client's screening `screeningId`. */
export interface TreatmentPlanTermsV1 {
  focusRegions: BodyRegion[];
  techniques: Technique[];
  /** The deepest pressure planned (Walton's P1–P5). */
  maxPressure: PressureLevel;
  /** `sessions` sessions every `everyWeeks` weeks (2 / 1 = twice a week). */
  frequency: { sessions: number; everyWeeks: number };
  plannedSessions: number;
  /** The local date the plan is re-assessed (`YYYY-MM-DD`). */
  reassessOn: string;
  goals: PlanGoalV1[];
  referral?: PlanReferralV1;
  /** The screening the plan was checked against. */
  screeningId: string;
}

/** One line of work done in a session: technique × region × pressure × minutes. */
export interface SessionWorkV1 {
  technique: Technique;
  region: BodyRegion;
  pressure: PressureLevel;
  minutes: number;
}

/** Pain in one region on the 0–10 numeric rating scale, before the session and (when asked) after it. */
export interface SessionPainV1 {
  region: BodyRegion;
  before: number;
  after?: number;
}

/**
 * The bounds the treatment events hold a plan and a session to: the API's request DTOs take them from here, so
 * whatever the service accepts can be published.
 */
export const TREATMENT_EVENT_LIMITS = {
  frequencySessions: { min: 1, max: 14 },
  frequencyEveryWeeks: { min: 1, max: 12 },
  plannedSessions: { min: 1, max: 200 },
  workMinutes: { min: 1, max: 240 },
  maxGoals: 5,
  maxWorkLines: 64,
} as const;
const L = TREATMENT_EVENT_LIMITS;

export const UUID = { type: 'string', pattern: UUID_PATTERN } as const;
const LOCATION = { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 } as const;
export const LOCAL_DATE = { type: 'string', format: 'date' } as const;

export const PLAN_BASE_REQUIRED = ['planId', 'clientId', 'locationId'] as const;
export const PLAN_BASE_PROPERTIES = { planId: UUID, clientId: UUID, locationId: LOCATION } as const;

const regions = { type: 'array', minItems: 1, maxItems: BODY_REGIONS.length, items: { type: 'string', enum: BODY_REGIONS }, uniqueItems: true } as const;
const techniques = { type: 'array', minItems: 1, maxItems: TECHNIQUES.length, items: { type: 'string', enum: TECHNIQUES }, uniqueItems: true } as const;
const pressure = { type: 'string', enum: PRESSURE_LEVELS } as const;

/** A diagnosis code of ICD-10 (`M54.2`, `S13.4XXA`): a code, never words. */
export const ICD10_CODE_PATTERN = '^[A-Z][0-9][0-9A-Z](?:\\.[0-9A-Z]{1,4})?$';

export const PLAN_TERMS_REQUIRED = ['focusRegions', 'techniques', 'maxPressure', 'frequency', 'plannedSessions', 'reassessOn', 'goals', 'screeningId'] as const;
export const PLAN_TERMS_PROPERTIES = {
  focusRegions: regions,
  techniques,
  maxPressure: pressure,
  frequency: {
    type: 'object',
    additionalProperties: false,
    required: ['sessions', 'everyWeeks'],
    properties: {
      sessions: { type: 'integer', minimum: L.frequencySessions.min, maximum: L.frequencySessions.max },
      everyWeeks: { type: 'integer', minimum: L.frequencyEveryWeeks.min, maximum: L.frequencyEveryWeeks.max },
    },
  },
  plannedSessions: { type: 'integer', minimum: L.plannedSessions.min, maximum: L.plannedSessions.max },
  reassessOn: LOCAL_DATE,
  goals: {
    type: 'array',
    maxItems: L.maxGoals,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['goalId', 'baselineScore', 'targetScore'],
      properties: { goalId: UUID, baselineScore: SCORE_0_TO_10, targetScore: SCORE_0_TO_10, by: LOCAL_DATE },
    },
  },
  referral: {
    type: 'object',
    additionalProperties: false,
    required: ['source'],
    properties: { source: { type: 'string', enum: REFERRAL_SOURCES }, reasonCode: { type: 'string', pattern: ICD10_CODE_PATTERN } },
  },
  screeningId: UUID,
} as const;

export const SESSION_WORK_SCHEMA = {
  type: 'array',
  maxItems: L.maxWorkLines,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['technique', 'region', 'pressure', 'minutes'],
    properties: { technique: { type: 'string', enum: TECHNIQUES }, region: { type: 'string', enum: BODY_REGIONS }, pressure, minutes: { type: 'integer', minimum: L.workMinutes.min, maximum: L.workMinutes.max } },
  },
} as const;

export const SESSION_PAIN_SCHEMA = {
  type: 'array',
  maxItems: BODY_REGIONS.length,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['region', 'before'],
    properties: { region: { type: 'string', enum: BODY_REGIONS }, before: SCORE_0_TO_10, after: SCORE_0_TO_10 },
  },
} as const;
