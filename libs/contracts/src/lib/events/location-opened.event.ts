import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { SCHEDULING_LOCATIONS_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN } from '../domain/ids';
import { JURISDICTION_PATTERN } from './licence-recorded.event';

/** A location now exists: its code (the key other services accept), name, zone and jurisdiction. */
export interface LocationOpenedV1 {
  locationId: string;
  name: string;
  timeZone: string;
  jurisdiction: string;
  openedAt: string;
}

const schema: JSONSchemaType<LocationOpenedV1> = {
  type: 'object',
  additionalProperties: false,
  required: ['locationId', 'name', 'timeZone', 'jurisdiction', 'openedAt'],
  properties: {
    locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    timeZone: { type: 'string', pattern: '^[A-Za-z_]+(?:/[A-Za-z0-9_+-]+){0,2}$', maxLength: 64 },
    jurisdiction: { type: 'string', pattern: JURISDICTION_PATTERN },
    openedAt: { type: 'string', format: 'date-time' },
  },
};

export const LocationOpened: EventDefinition<LocationOpenedV1> = {
  name: 'LocationOpened',
  version: 1,
  type: eventType('scheduling', 'LocationOpened', 1),
  producer: 'scheduling',
  topic: SCHEDULING_LOCATIONS_TOPIC.name,
  keyDescription: 'locationId (the location code)',
  key: (p) => p.locationId,
  description:
    'HQ opened a location: its code, name, IANA time zone and licence jurisdiction. On a compacted topic keyed by code, so reading it from the start gives every location once; services that accept a location code learn the known ones here.',
  schema,
};
