import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { INTAKE_EVENTS_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';
import { BODY_REGIONS, type BodyRegion } from '../domain/body-regions-and-pressure';
import { TECHNIQUES, type Technique } from '../domain/techniques';
import {
  POSITIONINGS,
  PRESSURE_LEVELS,
  RESTRICTION_KINDS,
  RULE_CODE_PATTERN,
  RULE_TABLE_VERSION_PATTERN,
  SCREENING_OUTCOMES,
  type Positioning,
  type PressureLevel,
  type RestrictionKind,
  type ScreeningOutcome,
} from '../domain/screening-codes';

/** What made intake screen a client: an intake, the update before a visit, or a change to a clearance. */
export const SCREENING_TRIGGERS = ['intake', 'visit-update', 'clearance-recorded', 'clearance-revoked', 'clearance-expired'] as const;
export type ScreeningTrigger = (typeof SCREENING_TRIGGERS)[number];

/** One restriction, as codes: which rule, what it limits, where, how far, until when. */
export interface ScreeningRestrictionV1 {
  rule: string;
  kind: RestrictionKind;
  /** `all`, or the techniques it concerns. */
  techniques: 'all' | Technique[];
  /** `all` (whole body), or the regions it concerns. */
  regions: 'all' | BodyRegion[];
  /** The pressure cap for its techniques on its regions; `none` = those techniques not at all there; absent = no cap. */
  maxPressure?: PressureLevel | 'none';
  positioning: Positioning[];
  /** When the restriction must be screened again (RFC 3339), if the rule sets an interval. */
  reScreenBy?: string;
  /** For a CLEARANCE restriction: the clearance that satisfies it (it then no longer blocks). */
  satisfiedBy?: string;
}

/**
 * A client was screened against the rule table in effect: the outcome and its restrictions, as codes only
 * (no answers, no free text). Published on the intake topic keyed by client, after the intake it screened.
 */
export interface ScreeningCompletedV1 {
  screeningId: string;
  clientId: string;
  locationId: string;
  /** The intake whose answers were screened. */
  intakeId: string;
  /** The rule-table version used: every result is reproducible from it. */
  tableVersion: string;
  /** The instant screened for (RFC 3339). */
  asOf: string;
  trigger: ScreeningTrigger;
  outcome: ScreeningOutcome;
  restrictions: ScreeningRestrictionV1[];
  /** Rules whose questions are asked again before every visit. */
  reAskEveryVisit: string[];
}

const ruleCode = { type: 'string', pattern: RULE_CODE_PATTERN } as const;
const allOr = (items: readonly string[]) => ({
  anyOf: [
    { type: 'string', const: 'all' },
    { type: 'array', items: { type: 'string', enum: items }, uniqueItems: true },
  ],
});

// ajv's JSONSchemaType cannot express `'all' | T[]`; the schema object below is checked by the catalogue's own tests.
const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['screeningId', 'clientId', 'locationId', 'intakeId', 'tableVersion', 'asOf', 'trigger', 'outcome', 'restrictions', 'reAskEveryVisit'],
  properties: {
    screeningId: { type: 'string', pattern: UUID_PATTERN },
    clientId: { type: 'string', pattern: UUID_PATTERN },
    locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
    intakeId: { type: 'string', pattern: UUID_PATTERN },
    tableVersion: { type: 'string', pattern: RULE_TABLE_VERSION_PATTERN },
    asOf: { type: 'string', format: 'date-time' },
    trigger: { type: 'string', enum: SCREENING_TRIGGERS },
    outcome: { type: 'string', enum: SCREENING_OUTCOMES },
    restrictions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'kind', 'techniques', 'regions', 'positioning'],
        properties: {
          rule: ruleCode,
          kind: { type: 'string', enum: RESTRICTION_KINDS },
          techniques: allOr(TECHNIQUES),
          regions: allOr(BODY_REGIONS),
          maxPressure: { type: 'string', enum: [...PRESSURE_LEVELS, 'none'] },
          positioning: { type: 'array', items: { type: 'string', enum: POSITIONINGS }, uniqueItems: true },
          reScreenBy: { type: 'string', format: 'date-time' },
          satisfiedBy: { type: 'string', pattern: UUID_PATTERN },
        },
      },
    },
    reAskEveryVisit: { type: 'array', items: ruleCode, uniqueItems: true },
  },
} as unknown as JSONSchemaType<ScreeningCompletedV1>;

export const ScreeningCompleted: EventDefinition<ScreeningCompletedV1> = {
  name: 'ScreeningCompleted',
  version: 1,
  type: eventType('intake', 'ScreeningCompleted', 1),
  producer: 'intake',
  topic: INTAKE_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: (p) => p.clientId,
  description:
    "A client was screened for contraindications against the rule-table version in effect (after an intake, a visit update or a clearance change): the outcome and its restrictions as codes. Same key as the client's intake events, so it follows the intake it screened.",
  schema,
};
