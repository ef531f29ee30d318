import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { INTAKE_EVENTS_TOPIC } from '../topics';
import { BODY_REGIONS, type BodyRegion } from '../domain/body-regions-and-pressure';
import { TECHNIQUES, type Technique } from '../domain/techniques';
import { POSITIONINGS, PRESSURE_LEVELS, type Positioning, type PressureLevel } from '../domain/screening-codes';
import { allOrListOf, byClient, CLEARANCE_BASE_PROPERTIES, CLEARANCE_BASE_REQUIRED, type ClearanceEventBaseV1 } from './clearance-fields';

/**
 * A physician's clearance was recorded: the scope cleared, as codes, and until when. The client is screened
 * again in the same transaction, so a ScreeningCompleted (trigger `clearance-recorded`) follows on the same key.
 * It never lifts an ABSOLUTE or LOCAL rule (screening-rules.md).
 */
export interface ClearanceRecordedV1 extends ClearanceEventBaseV1 {
  techniques: 'all' | Technique[];
  sites: 'all' | BodyRegion[];
  /** The deepest pressure cleared; absent = the physician set no cap. */
  maxPressure?: PressureLevel;
  positioning: Positioning[];
  /** True when it answers an earlier ClearanceRequested (same clearanceId); false when a letter was brought in. */
  requested: boolean;
  recordedAt: string;
  /** The clearance counts until (excluding) this instant; ClearanceExpired follows then unless it was revoked. */
  expiresAt: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...CLEARANCE_BASE_REQUIRED, 'techniques', 'sites', 'positioning', 'requested', 'recordedAt', 'expiresAt'],
  properties: {
    ...CLEARANCE_BASE_PROPERTIES,
    techniques: allOrListOf(TECHNIQUES),
    sites: allOrListOf(BODY_REGIONS),
    maxPressure: { type: 'string', enum: PRESSURE_LEVELS },
    positioning: { type: 'array', items: { type: 'string', enum: POSITIONINGS }, uniqueItems: true },
    requested: { type: 'boolean' },
    recordedAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
  },
} as unknown as JSONSchemaType<ClearanceRecordedV1>;

export const ClearanceRecorded: EventDefinition<ClearanceRecordedV1> = {
  name: 'ClearanceRecorded',
  version: 1,
  type: eventType('intake', 'ClearanceRecorded', 1),
  producer: 'intake',
  topic: INTAKE_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: byClient,
  description:
    "A physician's clearance was recorded for a client: the rules it answers, the techniques, sites, maximum pressure and positioning cleared, and its expiry. A ScreeningCompleted with trigger clearance-recorded follows on the same key.",
  schema,
};
