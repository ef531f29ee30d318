import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { INTAKE_EVENTS_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';
import { BODY_REGIONS, type BodyRegion } from '../domain/body-regions-and-pressure';
import { INTAKE_KINDS, PREGNANCY_WEEKS_RANGE, type IntakeKind } from '../domain/answer-scales';
import {
  CONDITION_QUALIFIERS,
  DEVICE_KINDS,
  HEALTH_CONDITION_CODES,
  MEDICATION_CLASSES,
  PREGNANCY_RISK_FACTORS,
  PRESSURE_LEVELS,
  SYMPTOMS_TODAY,
  type ConditionQualifier,
  type DeviceKind,
  type HealthConditionCode,
  type MedicationClass,
  type PregnancyRiskFactor,
  type PressureLevel,
  type SymptomToday,
} from '../domain/screening-codes';
import { PAIN_REPORTS_SCHEMA, type PainReportV1 } from './intake-completed.event';

export interface ConditionReportV2 {
  code: HealthConditionCode;
  regions: BodyRegion[];
  qualifiers: ConditionQualifier[];
}

export interface SurgeryReportV2 {
  /** `YYYY-MM-DD`. */
  on: string;
  sites: BodyRegion[];
}

export interface FractureReportV2 {
  on: string;
  sites: BodyRegion[];
  healed: boolean;
}

export interface DeviceReportV2 {
  kind: DeviceKind;
  sites: BodyRegion[];
}

export interface PregnancyReportV2 {
  weeks: number;
  riskFactors: PregnancyRiskFactor[];
}

/**
 * A client completed and signed an intake on form v2: the full form or the short update before a
 * visit. Codes, regions and dates only: no names, no free text (notes, medication names and goals stay
 * in the intake database). The answers are always complete (an update carries what still holds), so a
 * consumer never merges intakes.
 */
export interface IntakeCompletedV2 {
  intakeId: string;
  clientId: string;
  locationId: string;
  formVersion: string;
  kind: IntakeKind;
  /** The client's intake this one follows (null for the client's first). */
  previousIntakeId: string | null;
  completedAt: string;
  consentTextVersion: string;
  /** The signed consent lapses at this instant (one year after signing). */
  consentValidUntil: string;
  conditions: ConditionReportV2[];
  medicationClasses: MedicationClass[];
  symptomsToday: SymptomToday[];
  /** Null when not pregnant. */
  pregnancy: PregnancyReportV2 | null;
  surgeries: SurgeryReportV2[];
  fractures: FractureReportV2[];
  devices: DeviceReportV2[];
  painReports: PainReportV1[];
  pressurePreference: PressureLevel;
}

const regions = { type: 'array', items: { type: 'string', enum: BODY_REGIONS }, uniqueItems: true, maxItems: BODY_REGIONS.length } as const;
const date = { type: 'string', format: 'date' } as const;
/** A required field that may be null (ajv's `nullable` is for optional ones). */
const isNull = { type: 'null', nullable: true } as const;

const schema: JSONSchemaType<IntakeCompletedV2> = {
  type: 'object',
  additionalProperties: false,
  required: [
    'intakeId',
    'clientId',
    'locationId',
    'formVersion',
    'kind',
    'previousIntakeId',
    'completedAt',
    'consentTextVersion',
    'consentValidUntil',
    'conditions',
    'medicationClasses',
    'symptomsToday',
    'pregnancy',
    'surgeries',
    'fractures',
    'devices',
    'painReports',
    'pressurePreference',
  ],
  properties: {
    intakeId: { type: 'string', pattern: UUID_PATTERN },
    clientId: { type: 'string', pattern: UUID_PATTERN },
    locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
    formVersion: { type: 'string', minLength: 1, maxLength: 32 },
    kind: { type: 'string', enum: INTAKE_KINDS },
    previousIntakeId: { anyOf: [{ type: 'string', pattern: UUID_PATTERN }, isNull] },
    completedAt: { type: 'string', format: 'date-time' },
    consentTextVersion: { type: 'string', minLength: 1, maxLength: 64 },
    consentValidUntil: { type: 'string', format: 'date-time' },
    conditions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'regions', 'qualifiers'],
        properties: {
          code: { type: 'string', enum: HEALTH_CONDITION_CODES },
          regions,
          qualifiers: { type: 'array', items: { type: 'string', enum: CONDITION_QUALIFIERS }, uniqueItems: true },
        },
      },
    },
    medicationClasses: { type: 'array', items: { type: 'string', enum: MEDICATION_CLASSES }, uniqueItems: true },
    symptomsToday: { type: 'array', items: { type: 'string', enum: SYMPTOMS_TODAY }, uniqueItems: true },
    pregnancy: {
      anyOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['weeks', 'riskFactors'],
          properties: {
            weeks: { type: 'integer', minimum: PREGNANCY_WEEKS_RANGE.min, maximum: PREGNANCY_WEEKS_RANGE.max },
            riskFactors: { type: 'array', items: { type: 'string', enum: PREGNANCY_RISK_FACTORS }, uniqueItems: true },
          },
        },
        isNull,
      ],
    },
    surgeries: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['on', 'sites'], properties: { on: date, sites: regions } },
    },
    fractures: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['on', 'sites', 'healed'],
        properties: { on: date, sites: regions, healed: { type: 'boolean' } },
      },
    },
    devices: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'sites'],
        properties: { kind: { type: 'string', enum: DEVICE_KINDS }, sites: regions },
      },
    },
    painReports: PAIN_REPORTS_SCHEMA,
    pressurePreference: { type: 'string', enum: PRESSURE_LEVELS },
  },
};

/** IntakeCompleted v2 (the payload type is `IntakeCompletedV2`). */
export const IntakeCompletedV2Event: EventDefinition<IntakeCompletedV2> = {
  name: 'IntakeCompleted',
  version: 2,
  type: eventType('intake', 'IntakeCompleted', 2),
  producer: 'intake',
  topic: INTAKE_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: (p) => p.clientId,
  description:
    'A client completed and signed an intake on form v2 (kind `full`, or `visit-update` before a visit): the coded answers screening uses, the consent text version and when consent lapses. Published beside v1 from the same transaction until v1 consumers have moved.',
  schema,
};
