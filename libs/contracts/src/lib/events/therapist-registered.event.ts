import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { SCHEDULING_THERAPISTS_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';

/** The staff subject pattern (an identity provider's opaque id, as the gateway asserts it). */
export const STAFF_SUBJECT_PATTERN = '^[A-Za-z0-9._:@-]{1,128}$';

/**
 * A therapist joined a location's staff: the scheduling id and the staff subject the gateway asserts for them,
 * so services that keep care relationships (keyed by subject) can map appointment events to the person.
 */
export interface TherapistRegisteredV1 {
  therapistId: string;
  subject: string;
  locationId: string;
  registeredAt: string;
}

const schema: JSONSchemaType<TherapistRegisteredV1> = {
  type: 'object',
  additionalProperties: false,
  required: ['therapistId', 'subject', 'locationId', 'registeredAt'],
  properties: {
    therapistId: { type: 'string', pattern: UUID_PATTERN },
    subject: { type: 'string', pattern: STAFF_SUBJECT_PATTERN },
    locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
    registeredAt: { type: 'string', format: 'date-time' },
  },
};

export const TherapistRegistered: EventDefinition<TherapistRegisteredV1> = {
  name: 'TherapistRegistered',
  version: 1,
  type: eventType('scheduling', 'TherapistRegistered', 1),
  producer: 'scheduling',
  topic: SCHEDULING_THERAPISTS_TOPIC.name,
  keyDescription: 'therapistId',
  key: (p) => p.therapistId,
  description: "A therapist was registered at a location: the scheduling id and the staff subject (no name). Care relationships map a therapist's appointments to the subject through it.",
  schema,
};
