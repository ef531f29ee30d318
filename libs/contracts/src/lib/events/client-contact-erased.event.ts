import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { INTAKE_CLIENT_CONTACT_TOPIC } from '../topics';
import { UUID_PATTERN } from '../domain/ids';

/** The record carries no value: only the key (the client id) says whose contact details are gone. */
export interface ClientContactErasedV1 {
  clientId: string;
}

const schema: JSONSchemaType<ClientContactErasedV1> = {
  type: 'object',
  additionalProperties: false,
  required: ['clientId'],
  properties: { clientId: { type: 'string', pattern: UUID_PATTERN } },
};

export const ClientContactErased: EventDefinition<ClientContactErasedV1> = {
  name: 'ClientContactErased',
  version: 1,
  type: eventType('intake', 'ClientContactErased', 1),
  producer: 'intake',
  topic: INTAKE_CLIENT_CONTACT_TOPIC.name,
  keyDescription: 'clientId',
  key: (p) => p.clientId,
  tombstone: (clientId) => ({ clientId }),
  description:
    "A client's contact details were erased on request (ADR 0010): a tombstone, i.e. the key with CloudEvents headers and a null value, so compaction removes the client's earlier ClientContactRecorded records. Consumers delete their copy.",
  schema,
};
