import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { INTAKE_EVENTS_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';
import { BODY_REGIONS, PRESSURE_PREFERENCES, type BodyRegion, type PressurePreference } from '../domain/body-regions-and-pressure';
import { CONDITION_CODES, MEDICATION_CODES, type ConditionCode, type MedicationCode } from '../domain/health-codes';
import { PAIN_RATING_SCALE } from '../domain/answer-scales';

export interface PainReportV1 {
  region: BodyRegion;
  /** Numeric pain rating, 0 (none) to 10 (worst imaginable). */
  rating: number;
}

/**
 * A client completed and signed an intake form. Codes only: no names, no free text
 * (conditions described in the client's words stay in the intake database).
 *
 * Deprecated: intake form v2 answers are mapped back to these v1 codes as well as they go (see
 * IntakeCompletedV2 and ADR 0011); new consumers read IntakeCompleted v2.
 */
export interface IntakeCompletedV1 {
  intakeId: string;
  clientId: string;
  locationId: string;
  formVersion: string;
  completedAt: string;
  consentGivenAt: string;
  conditionCodes: ConditionCode[];
  medicationCodes: MedicationCode[];
  recentInjuryOrSurgery: boolean;
  painReports: PainReportV1[];
  pressurePreference: PressurePreference;
  goalCount: number;
}

/** Pain reports, each region at most once (shared by IntakeCompleted v1 and v2). */
export const PAIN_REPORTS_SCHEMA: JSONSchemaType<PainReportV1[]> = {
  type: 'array',
  maxItems: BODY_REGIONS.length,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['region', 'rating'],
    properties: {
      region: { type: 'string', enum: BODY_REGIONS },
      rating: { type: 'integer', minimum: PAIN_RATING_SCALE.min, maximum: PAIN_RATING_SCALE.max },
    },
  },
};

const schema: JSONSchemaType<IntakeCompletedV1> = {
  type: 'object',
  additionalProperties: false,
  required: [
    'intakeId',
    'clientId',
    'locationId',
    'formVersion',
    'completedAt',
    'consentGivenAt',
    'conditionCodes',
    'medicationCodes',
    'recentInjuryOrSurgery',
    'painReports',
    'pressurePreference',
    'goalCount',
  ],
  properties: {
    intakeId: { type: 'string', pattern: UUID_PATTERN },
    clientId: { type: 'string', pattern: UUID_PATTERN },
    locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
    formVersion: { type: 'string', minLength: 1, maxLength: 32 },
    completedAt: { type: 'string', format: 'date-time' },
    consentGivenAt: { type: 'string', format: 'date-time' },
    conditionCodes: { type: 'array', items: { type: 'string', enum: CONDITION_CODES }, uniqueItems: true },
    medicationCodes: { type: 'array', items: { type: 'string', enum: MEDICATION_CODES }, uniqueItems: true },
    recentInjuryOrSurgery: { type: 'boolean' },
    painReports: PAIN_REPORTS_SCHEMA,
    pressurePreference: { type: 'string', enum: PRESSURE_PREFERENCES },
    goalCount: { type: 'integer', minimum: 0 },
  },
};

export const IntakeCompleted: EventDefinition<IntakeCompletedV1> = {
  name: 'IntakeCompleted',
  version: 1,
  type: eventType('intake', 'IntakeCompleted', 1),
  producer: 'intake',
  topic: INTAKE_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: (p) => p.clientId,
  description:
    'Deprecated, use IntakeCompleted v2 (published beside it from the same transaction). A client completed and signed (consented to) an intake form at a location; form v2 answers mapped back to the v1 codes (ADR 0011).',
  schema,
};
