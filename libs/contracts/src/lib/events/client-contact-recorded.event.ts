import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { INTAKE_CLIENT_CONTACT_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';

/** Personal data: published only on the private contact topic, read only by notification. */
export interface ClientContactRecordedV1 {
  clientId: string;
  locationId: string;
  givenName: string;
  familyName: string;
  /** At least one of email and phone is present (enforced by the schema). */
  email?: string;
  phone?: string;
  preferredChannel: 'email' | 'sms';
  recordedAt: string;
  /**
   * `YYYY-MM-DD`: a clearance letter names it so the physician can identify the patient. Absent in records from
   * before it was added.
   */
  dateOfBirth?: string;
  /**
   * The providers asked for a clearance who can be written to by e-mail (the latest value: every request still
   * open), for notification's letters. Absent: none. Erased with the rest of the contact (the tombstone).
   */
  clearanceProviders?: ClearanceProviderContactV1[];
}

export interface ClearanceProviderContactV1 {
  clearanceId: string;
  name: string;
  email: string;
}

const schema: JSONSchemaType<ClientContactRecordedV1> = {
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'locationId', 'givenName', 'familyName', 'preferredChannel', 'recordedAt'],
  anyOf: [{ required: ['email'] }, { required: ['phone'] }],
  properties: {
    clientId: { type: 'string', pattern: UUID_PATTERN },
    locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
    givenName: { type: 'string', minLength: 1, maxLength: 100 },
    familyName: { type: 'string', minLength: 1, maxLength: 100 },
    email: { type: 'string', format: 'email', maxLength: 254, nullable: true },
    phone: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', nullable: true },
    preferredChannel: { type: 'string', enum: ['email', 'sms'] },
    recordedAt: { type: 'string', format: 'date-time' },
    dateOfBirth: { type: 'string', format: 'date', nullable: true },
    clearanceProviders: {
      type: 'array',
      nullable: true,
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['clearanceId', 'name', 'email'],
        properties: {
          clearanceId: { type: 'string', pattern: UUID_PATTERN },
          name: { type: 'string', minLength: 1, maxLength: 200 },
          email: { type: 'string', format: 'email', maxLength: 254 },
        },
      },
    },
  },
};

export const ClientContactRecorded: EventDefinition<ClientContactRecordedV1> = {
  name: 'ClientContactRecorded',
  version: 1,
  type: eventType('intake', 'ClientContactRecorded', 1),
  producer: 'intake',
  topic: INTAKE_CLIENT_CONTACT_TOPIC.name,
  keyDescription: 'clientId',
  key: (p) => p.clientId,
  description:
    "The contact details of a client were recorded or changed (private topic, latest value per client): names, e-mail and/or phone, the preferred channel; the date of birth and the e-mail of each provider asked for a clearance (for notification's clearance letters).",
  schema,
};
