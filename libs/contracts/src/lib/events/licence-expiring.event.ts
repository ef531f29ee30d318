import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { SCHEDULING_THERAPISTS_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';
import { JURISDICTION_PATTERN } from './licence-recorded.event';

/**
 * A therapist's licence reaches its notice window (30 days before its last valid day): once per therapist,
 * jurisdiction and expiry, so a renewal (a new expiry) can be announced again. Codes only: no name and, as in
 * LicenceRecorded, no licence number.
 */
export interface LicenceExpiringV1 {
  therapistId: string;
  jurisdiction: string;
  /** Last day valid, included (`YYYY-MM-DD`). */
  expiresOn: string;
  /** The locations the therapist works at: notification tells their managers. */
  locationIds: string[];
  noticedAt: string;
}

const schema: JSONSchemaType<LicenceExpiringV1> = {
  type: 'object',
  additionalProperties: false,
  required: ['therapistId', 'jurisdiction', 'expiresOn', 'locationIds', 'noticedAt'],
  properties: {
    therapistId: { type: 'string', pattern: UUID_PATTERN },
    jurisdiction: { type: 'string', pattern: JURISDICTION_PATTERN },
    expiresOn: { type: 'string', format: 'date' },
    locationIds: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 } },
    noticedAt: { type: 'string', format: 'date-time' },
  },
};

export const LicenceExpiring: EventDefinition<LicenceExpiringV1> = {
  name: 'LicenceExpiring',
  version: 1,
  type: eventType('scheduling', 'LicenceExpiring', 1),
  producer: 'scheduling',
  topic: SCHEDULING_THERAPISTS_TOPIC.name,
  keyDescription: 'therapistId',
  key: (p) => p.therapistId,
  description:
    "A therapist's licence for a jurisdiction expires within 30 days (its last valid day included): published once per therapist, jurisdiction and expiry by scheduling's daily notice job, with the locations the therapist works at so notification can tell their managers. A renewal recorded with a new expiry is announced again 30 days before that one.",
  schema,
};
