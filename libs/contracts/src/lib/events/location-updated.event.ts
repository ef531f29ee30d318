import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { SCHEDULING_LOCATIONS_TOPIC } from '../topics';
import { LocationOpened, type LocationOpenedV1 } from './location-opened.event';

/**
 * A location's published state changed (name, zone or jurisdiction): the whole of it, as LocationOpened carries
 * it, and when it changed. The topic is compacted, so the latest value per code must stand alone.
 */
export interface LocationUpdatedV1 extends LocationOpenedV1 {
  updatedAt: string;
}

const opened = LocationOpened.schema;
const schema = {
  ...opened,
  required: [...opened.required, 'updatedAt'],
  properties: { ...opened.properties, updatedAt: { type: 'string', format: 'date-time' } },
} as JSONSchemaType<LocationUpdatedV1>;

export const LocationUpdated: EventDefinition<LocationUpdatedV1> = {
  name: 'LocationUpdated',
  version: 1,
  type: eventType('scheduling', 'LocationUpdated', 1),
  producer: 'scheduling',
  topic: SCHEDULING_LOCATIONS_TOPIC.name,
  keyDescription: 'locationId (the location code)',
  key: (p) => p.locationId,
  description:
    "A location's name, IANA time zone or licence jurisdiction changed: its full state (every field of LocationOpened, the same openedAt) and when it changed, on the compacted locations topic keyed by code, so the latest value of a code is the location as it stands. Rooms, services, closures, opening hours and the cancellation window stay scheduling's own and publish nothing.",
  schema,
};
