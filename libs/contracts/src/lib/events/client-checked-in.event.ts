import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { SCHEDULING_APPOINTMENTS_TOPIC } from '../topics';
import { appointmentMomentSchema, byAppointment, type AppointmentEventBaseV1 } from './appointment-fields';

export interface ClientCheckedInV1 extends AppointmentEventBaseV1 {
  startsAt: string;
  checkedInAt: string;
}

export const ClientCheckedIn: EventDefinition<ClientCheckedInV1> = {
  name: 'ClientCheckedIn',
  version: 1,
  type: eventType('scheduling', 'ClientCheckedIn', 1),
  producer: 'scheduling',
  topic: SCHEDULING_APPOINTMENTS_TOPIC.name,
  keyDescription: 'appointmentId',
  key: byAppointment,
  description: 'The client of a booked appointment arrived and was checked in at the front desk.',
  schema: appointmentMomentSchema('checkedInAt') as JSONSchemaType<ClientCheckedInV1>,
};
