import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { INTAKE_EVENTS_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';

export interface ClientRegisteredV1 {
  clientId: string;
  locationId: string;
  registeredAt: string;
  /** The channel the client chose for confirmations and reminders. */
  preferredChannel: 'email' | 'sms';
}

const schema: JSONSchemaType<ClientRegisteredV1> = {
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'locationId', 'registeredAt', 'preferredChannel'],
  properties: {
    clientId: { type: 'string', pattern: UUID_PATTERN },
    locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
    registeredAt: { type: 'string', format: 'date-time' },
    preferredChannel: { type: 'string', enum: ['email', 'sms'] },
  },
};

export const ClientRegistered: EventDefinition<ClientRegisteredV1> = {
  name: 'ClientRegistered',
  version: 1,
  type: eventType('intake', 'ClientRegistered', 1),
  producer: 'intake',
  topic: INTAKE_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: (p) => p.clientId,
  description: 'A location registered a new client. No name or contact details: those travel on the private contact topic.',
  schema,
};
