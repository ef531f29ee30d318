import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { SCHEDULING_APPOINTMENTS_TOPIC } from '../topics';
import {
  APPOINTMENT_BASE_PROPERTIES,
  APPOINTMENT_BASE_REQUIRED,
  APPOINTMENT_PLAN_PROPERTIES,
  APPOINTMENT_PLAN_REQUIRED,
  byAppointment,
  INSTANT,
  type AppointmentEventBaseV1,
  type AppointmentPlanV1,
} from './appointment-fields';

/** A client was booked: the therapist, room, service, span (without the buffer) and the plan, as ids and codes. */
export interface AppointmentBookedV1 extends AppointmentEventBaseV1, AppointmentPlanV1 {
  bookedAt: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...APPOINTMENT_BASE_REQUIRED, ...APPOINTMENT_PLAN_REQUIRED, 'bookedAt'],
  properties: { ...APPOINTMENT_BASE_PROPERTIES, ...APPOINTMENT_PLAN_PROPERTIES, bookedAt: INSTANT },
} as unknown as JSONSchemaType<AppointmentBookedV1>;

export const AppointmentBooked: EventDefinition<AppointmentBookedV1> = {
  name: 'AppointmentBooked',
  version: 1,
  type: eventType('scheduling', 'AppointmentBooked', 1),
  producer: 'scheduling',
  topic: SCHEDULING_APPOINTMENTS_TOPIC.name,
  keyDescription: 'appointmentId',
  key: byAppointment,
  description:
    'A client was booked with a licensed, certified therapist in a free, suitable room, after the checks of their latest screening: the span (buffer excluded) and the planned techniques, focus regions and pressure. Services that guard health data start the therapist\'s care relationship from it.',
  schema,
};
