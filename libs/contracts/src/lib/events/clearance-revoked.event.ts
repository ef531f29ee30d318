import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { INTAKE_EVENTS_TOPIC } from '../topics';
import { byClient, CLEARANCE_BASE_PROPERTIES, CLEARANCE_BASE_REQUIRED, type ClearanceEventBaseV1 } from './clearance-fields';

/** Why a recorded clearance was revoked, as a code (the free-text story, if any, stays with the physician's letters). */
export const CLEARANCE_REVOKE_REASONS = ['provider-withdrew', 'condition-changed', 'recorded-in-error', 'superseded', 'client-request'] as const;
export type ClearanceRevokeReason = (typeof CLEARANCE_REVOKE_REASONS)[number];

/** A recorded clearance was revoked before its expiry: it counts as none from `revokedAt` on. */
export interface ClearanceRevokedV1 extends ClearanceEventBaseV1 {
  reason: ClearanceRevokeReason;
  revokedAt: string;
}

const schema: JSONSchemaType<ClearanceRevokedV1> = {
  type: 'object',
  additionalProperties: false,
  required: [...CLEARANCE_BASE_REQUIRED, 'reason', 'revokedAt'],
  properties: {
    ...CLEARANCE_BASE_PROPERTIES,
    reason: { type: 'string', enum: CLEARANCE_REVOKE_REASONS },
    revokedAt: { type: 'string', format: 'date-time' },
  },
};

export const ClearanceRevoked: EventDefinition<ClearanceRevokedV1> = {
  name: 'ClearanceRevoked',
  version: 1,
  type: eventType('intake', 'ClearanceRevoked', 1),
  producer: 'intake',
  topic: INTAKE_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: byClient,
  description:
    'A recorded clearance was revoked before its expiry (a reason code: provider-withdrew, condition-changed, recorded-in-error, superseded, client-request); a ScreeningCompleted with trigger clearance-revoked follows on the same key.',
  schema,
};
