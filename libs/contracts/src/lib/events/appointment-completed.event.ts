import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { SCHEDULING_APPOINTMENTS_TOPIC } from '../topics';
import { appointmentMomentSchema, byAppointment, type AppointmentEventBaseV1 } from './appointment-fields';

export interface AppointmentCompletedV1 extends AppointmentEventBaseV1 {
  startsAt: string;
  completedAt: string;
}

export const AppointmentCompleted: EventDefinition<AppointmentCompletedV1> = {
  name: 'AppointmentCompleted',
  version: 1,
  type: eventType('scheduling', 'AppointmentCompleted', 1),
  producer: 'scheduling',
  topic: SCHEDULING_APPOINTMENTS_TOPIC.name,
  keyDescription: 'appointmentId',
  key: byAppointment,
  description: 'A checked-in appointment took place and was marked completed.',
  schema: appointmentMomentSchema('completedAt') as JSONSchemaType<AppointmentCompletedV1>,
};
