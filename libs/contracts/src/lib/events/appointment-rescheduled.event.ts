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
import { UUID_PATTERN } from '../domain/ids';

/** An appointment moved (and every check passed again): the new plan, and where it was before. */
export interface AppointmentRescheduledV1 extends AppointmentEventBaseV1, AppointmentPlanV1 {
  previousStartsAt: string;
  previousTherapistId: string;
  rescheduledAt: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...APPOINTMENT_BASE_REQUIRED, ...APPOINTMENT_PLAN_REQUIRED, 'previousStartsAt', 'previousTherapistId', 'rescheduledAt'],
  properties: {
    ...APPOINTMENT_BASE_PROPERTIES,
    ...APPOINTMENT_PLAN_PROPERTIES,
    previousStartsAt: INSTANT,
    previousTherapistId: { type: 'string', pattern: UUID_PATTERN },
    rescheduledAt: INSTANT,
  },
} as unknown as JSONSchemaType<AppointmentRescheduledV1>;

export const AppointmentRescheduled: EventDefinition<AppointmentRescheduledV1> = {
  name: 'AppointmentRescheduled',
  version: 1,
  type: eventType('scheduling', 'AppointmentRescheduled', 1),
  producer: 'scheduling',
  topic: SCHEDULING_APPOINTMENTS_TOPIC.name,
  keyDescription: 'appointmentId',
  key: byAppointment,
  description:
    'A booked appointment moved to another start (and possibly another therapist, room or plan) after every booking check passed again; carries the previous start and therapist.',
  schema,
};
