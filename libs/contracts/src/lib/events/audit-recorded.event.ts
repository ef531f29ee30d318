import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { AUDIT_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';

export const AUDIT_ACTIONS = ['read', 'write'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AUDIT_OUTCOMES = ['allowed', 'refused', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
/** Operations, resource types and reasons are codes (`intake.read`, `client`, `not-found`), never free text. */
export const AUDIT_CODE_PATTERN = '^[a-z0-9][a-z0-9._:-]{0,63}$';
/** The location of an actor acting for every location (hq-admin, machines); `-` when nobody could be identified. */
export const AUDIT_LOCATION_PATTERN = '^(?:[a-z0-9]+(?:-[a-z0-9]+)*|\\*|-)$';

/**
 * One row of a service's append-only audit trail, copied to the private audit topic. `seq` and
 * `hash` anchor the chain outside the service's database: a rewritten chain no longer matches them.
 */
export interface AuditRecordedV1 {
  auditId: string;
  seq: number;
  hash: string;
  prevHash: string;
  recordedAt: string;
  actor: { subject: string; role: string; locationId: string };
  action: AuditAction;
  operation: string;
  resourceType: string;
  resourceId?: string;
  clientId?: string;
  locationId?: string;
  outcome: AuditOutcome;
  reason?: string;
  correlationId?: string;
}

const code = { type: 'string', pattern: AUDIT_CODE_PATTERN } as const;
const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

const schema: JSONSchemaType<AuditRecordedV1> = {
  type: 'object',
  additionalProperties: false,
  required: ['auditId', 'seq', 'hash', 'prevHash', 'recordedAt', 'actor', 'action', 'operation', 'resourceType', 'outcome'],
  properties: {
    auditId: { type: 'string', pattern: UUID_PATTERN },
    seq: { type: 'integer', minimum: 1 },
    hash: sha256,
    prevHash: sha256,
    recordedAt: { type: 'string', format: 'date-time' },
    actor: {
      type: 'object',
      additionalProperties: false,
      required: ['subject', 'role', 'locationId'],
      properties: {
        subject: { type: 'string', minLength: 1, maxLength: 128 },
        role: code,
        locationId: { type: 'string', pattern: AUDIT_LOCATION_PATTERN, maxLength: 64 },
      },
    },
    action: { type: 'string', enum: AUDIT_ACTIONS },
    operation: code,
    resourceType: code,
    resourceId: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$', nullable: true },
    clientId: { type: 'string', pattern: UUID_PATTERN, nullable: true },
    locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64, nullable: true },
    outcome: { type: 'string', enum: AUDIT_OUTCOMES },
    reason: { ...code, nullable: true },
    correlationId: { type: 'string', pattern: UUID_PATTERN, nullable: true },
  },
};

/** The audit event of one producing service: the same payload on the one private topic, typed per producer. */
export function auditRecordedBy(producer: string): EventDefinition<AuditRecordedV1> {
  return {
    name: 'AuditRecorded',
    version: 1,
    type: eventType(producer, 'AuditRecorded', 1),
    producer,
    topic: AUDIT_TOPIC.name,
    keyDescription: 'the producing service (one partition order per service chain)',
    key: () => producer,
    description: `${producer} recorded who read or wrote health data (or was refused), with the row's place in its hash chain. Ids and codes only.`,
    schema,
  };
}

export const IntakeAuditRecorded = auditRecordedBy('intake');
export const SchedulingAuditRecorded = auditRecordedBy('scheduling');
export const TreatmentAuditRecorded = auditRecordedBy('treatment');
