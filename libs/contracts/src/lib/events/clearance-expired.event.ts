import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { INTAKE_EVENTS_TOPIC } from '../topics';
import { byClient, CLEARANCE_BASE_PROPERTIES, CLEARANCE_BASE_REQUIRED, type ClearanceEventBaseV1 } from './clearance-fields';

/** A recorded clearance reached its expiry instant: it counts as none from `expiresAt` on. Published once per clearance. */
export interface ClearanceExpiredV1 extends ClearanceEventBaseV1 {
  /** The instant it stopped counting (its recorded expiry). */
  expiresAt: string;
  /** When intake's expiry job marked it (at or shortly after expiresAt). */
  expiredAt: string;
}

const schema: JSONSchemaType<ClearanceExpiredV1> = {
  type: 'object',
  additionalProperties: false,
  required: [...CLEARANCE_BASE_REQUIRED, 'expiresAt', 'expiredAt'],
  properties: {
    ...CLEARANCE_BASE_PROPERTIES,
    expiresAt: { type: 'string', format: 'date-time' },
    expiredAt: { type: 'string', format: 'date-time' },
  },
};

export const ClearanceExpired: EventDefinition<ClearanceExpiredV1> = {
  name: 'ClearanceExpired',
  version: 1,
  type: eventType('intake', 'ClearanceExpired', 1),
  producer: 'intake',
  topic: INTAKE_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: byClient,
  description:
    'A recorded clearance reached its expiry instant and counts as none from then on. Published once per clearance (even with several intake replicas); a ScreeningCompleted with trigger clearance-expired follows on the same key.',
  schema,
};
