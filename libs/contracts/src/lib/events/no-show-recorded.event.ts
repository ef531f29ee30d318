import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { SCHEDULING_APPOINTMENTS_TOPIC } from '../topics';
import { appointmentMomentSchema, byAppointment, type AppointmentEventBaseV1 } from './appointment-fields';

export interface NoShowRecordedV1 extends AppointmentEventBaseV1 {
  startsAt: string;
  recordedAt: string;
}

export const NoShowRecorded: EventDefinition<NoShowRecordedV1> = {
  name: 'NoShowRecorded',
  version: 1,
  type: eventType('scheduling', 'NoShowRecorded', 1),
  producer: 'scheduling',
  topic: SCHEDULING_APPOINTMENTS_TOPIC.name,
  keyDescription: 'appointmentId',
  key: byAppointment,
  description: 'The client did not come to a booked appointment (recorded once it had started); its span is free again.',
  schema: appointmentMomentSchema('recordedAt') as JSONSchemaType<NoShowRecordedV1>,
};
