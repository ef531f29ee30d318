import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { SCHEDULING_APPOINTMENTS_TOPIC } from '../topics';
import { APPOINTMENT_BASE_PROPERTIES, APPOINTMENT_BASE_REQUIRED, byAppointment, INSTANT, type AppointmentEventBaseV1 } from './appointment-fields';

/** Why an appointment was cancelled, as a code. */
export const APPOINTMENT_CANCELLATION_REASONS = ['client-request', 'therapist-unavailable', 'location-closed', 'rebooked', 'other'] as const;
export type AppointmentCancellationReason = (typeof APPOINTMENT_CANCELLATION_REASONS)[number];

export interface AppointmentCancelledV1 extends AppointmentEventBaseV1 {
  startsAt: string;
  cancelledAt: string;
  /** True when cancelled inside the location's cancellation window (later than it allows before the start). */
  lateCancellation: boolean;
  reason: AppointmentCancellationReason;
}

const schema: JSONSchemaType<AppointmentCancelledV1> = {
  type: 'object',
  additionalProperties: false,
  required: [...APPOINTMENT_BASE_REQUIRED, 'startsAt', 'cancelledAt', 'lateCancellation', 'reason'],
  properties: {
    ...APPOINTMENT_BASE_PROPERTIES,
    startsAt: INSTANT,
    cancelledAt: INSTANT,
    lateCancellation: { type: 'boolean' },
    reason: { type: 'string', enum: APPOINTMENT_CANCELLATION_REASONS },
  },
};

export const AppointmentCancelled: EventDefinition<AppointmentCancelledV1> = {
  name: 'AppointmentCancelled',
  version: 1,
  type: eventType('scheduling', 'AppointmentCancelled', 1),
  producer: 'scheduling',
  topic: SCHEDULING_APPOINTMENTS_TOPIC.name,
  keyDescription: 'appointmentId',
  key: byAppointment,
  description:
    "An appointment was cancelled (a reason code); lateCancellation says whether it fell inside the location's cancellation window. The therapist, room and client are free again for its span.",
  schema,
};
