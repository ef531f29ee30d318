import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { SCHEDULING_WAITLIST_TOPIC } from '../topics';
import { APPOINTMENT_BASE_PROPERTIES, INSTANT } from './appointment-fields';

/**
 * A freed slot is held for a waiting client until `expiresAt`: who, where, which service, with whom, in which
 * room, when. Ids and instants only; the notification service tells the client, who accepts or declines.
 */
export interface WaitlistSlotOfferedV1 {
  waitlistEntryId: string;
  offerId: string;
  locationId: string;
  clientId: string;
  serviceId: string;
  therapistId: string;
  roomId: string;
  startsAt: string;
  endsAt: string;
  offeredAt: string;
  expiresAt: string;
}

const uuid = APPOINTMENT_BASE_PROPERTIES.clientId;

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['waitlistEntryId', 'offerId', 'locationId', 'clientId', 'serviceId', 'therapistId', 'roomId', 'startsAt', 'endsAt', 'offeredAt', 'expiresAt'],
  properties: {
    waitlistEntryId: uuid,
    offerId: uuid,
    locationId: APPOINTMENT_BASE_PROPERTIES.locationId,
    clientId: uuid,
    serviceId: uuid,
    therapistId: uuid,
    roomId: uuid,
    startsAt: INSTANT,
    endsAt: INSTANT,
    offeredAt: INSTANT,
    expiresAt: INSTANT,
  },
} as unknown as JSONSchemaType<WaitlistSlotOfferedV1>;

export const WaitlistSlotOffered: EventDefinition<WaitlistSlotOfferedV1> = {
  name: 'WaitlistSlotOffered',
  version: 1,
  type: eventType('scheduling', 'WaitlistSlotOffered', 1),
  producer: 'scheduling',
  topic: SCHEDULING_WAITLIST_TOPIC.name,
  keyDescription: 'waitlistEntryId',
  key: (p) => p.waitlistEntryId,
  description:
    'A slot freed (a cancellation, or an appointment moved away) and the first waiting client it suits and is safe for (the booking checks) is offered it: the therapist, room and span are held for them until expiresAt (the location\'s hold, never past the start), and no one else can book them meanwhile. The client accepts (booked: AppointmentBooked) or declines; on expiry or decline the next waiting client is offered it.',
  schema,
};
