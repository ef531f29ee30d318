import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { SCHEDULING_THERAPISTS_TOPIC } from '../topics';
import { UUID_PATTERN } from '../domain/ids';

/** A licence jurisdiction: ISO 3166 country, optionally a subdivision (`CA-ON`). */
export const JURISDICTION_PATTERN = '^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$';
const DATE = { type: 'string', format: 'date' } as const;

/** A therapist's licence for a jurisdiction was recorded (or replaced): the dates it is valid, no number. */
export interface LicenceRecordedV1 {
  therapistId: string;
  jurisdiction: string;
  validFrom?: string;
  /** Last day valid, included (`YYYY-MM-DD`). */
  expiresOn: string;
  recordedAt: string;
}

const schema: JSONSchemaType<LicenceRecordedV1> = {
  type: 'object',
  additionalProperties: false,
  required: ['therapistId', 'jurisdiction', 'expiresOn', 'recordedAt'],
  properties: {
    therapistId: { type: 'string', pattern: UUID_PATTERN },
    jurisdiction: { type: 'string', pattern: JURISDICTION_PATTERN },
    validFrom: { ...DATE, nullable: true },
    expiresOn: DATE,
    recordedAt: { type: 'string', format: 'date-time' },
  },
};

export const LicenceRecorded: EventDefinition<LicenceRecordedV1> = {
  name: 'LicenceRecorded',
  version: 1,
  type: eventType('scheduling', 'LicenceRecorded', 1),
  producer: 'scheduling',
  topic: SCHEDULING_THERAPISTS_TOPIC.name,
  keyDescription: 'therapistId',
  key: (p) => p.therapistId,
  description: "A therapist's licence for a jurisdiction was recorded or replaced: the local dates it is valid (the last one included). Bookings on a date outside them are refused.",
  schema,
};
