import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { INTAKE_EVENTS_TOPIC } from '../topics';
import { BODY_REGIONS, type BodyRegion } from '../domain/body-regions-and-pressure';
import { TECHNIQUES, type Technique } from '../domain/techniques';
import { PRESSURE_LEVELS, type PressureLevel } from '../domain/screening-codes';
import { allOrListOf, byClient, CLEARANCE_BASE_PROPERTIES, CLEARANCE_BASE_REQUIRED, type ClearanceEventBaseV1 } from './clearance-fields';

/**
 * A clearance was requested from a client's physician for the listed rules (and, optionally, the scope the
 * therapist would like cleared). The notification service will send the letter: it reads the provider's name
 * and contact from intake, never from this event.
 */
export interface ClearanceRequestedV1 extends ClearanceEventBaseV1 {
  /** The techniques asked to be cleared; absent = not said. */
  techniques?: 'all' | Technique[];
  /** The sites asked to be cleared; absent = not said. */
  sites?: 'all' | BodyRegion[];
  /** The pressure asked for; absent = not said. */
  maxPressure?: PressureLevel;
  requestedAt: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...CLEARANCE_BASE_REQUIRED, 'requestedAt'],
  properties: {
    ...CLEARANCE_BASE_PROPERTIES,
    techniques: allOrListOf(TECHNIQUES),
    sites: allOrListOf(BODY_REGIONS),
    maxPressure: { type: 'string', enum: PRESSURE_LEVELS },
    requestedAt: { type: 'string', format: 'date-time' },
  },
} as unknown as JSONSchemaType<ClearanceRequestedV1>;

export const ClearanceRequested: EventDefinition<ClearanceRequestedV1> = {
  name: 'ClearanceRequested',
  version: 1,
  type: eventType('intake', 'ClearanceRequested', 1),
  producer: 'intake',
  topic: INTAKE_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: byClient,
  description:
    "A physician's clearance was requested for a client, for the listed CLEARANCE rules (and optionally the techniques, sites and pressure wanted). Ids and codes only: the provider stays in intake.",
  schema,
};
