import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { NOTIFICATION_EVENTS_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';
import { REMINDER_KIND_PATTERN } from './reminder-scheduled.event';

/**
 * Why a scheduled reminder will not go out: its appointment was cancelled, or moved so that this reminder no longer
 * fits (already past, or only reachable in quiet hours).
 */
export const REMINDER_CANCELLATION_REASONS = ['appointment-cancelled', 'appointment-moved'] as const;
export type ReminderCancellationReason = (typeof REMINDER_CANCELLATION_REASONS)[number];

export interface ReminderCancelledV1 {
  reminderId: string;
  appointmentId: string;
  clientId: string;
  locationId: string;
  kind: string;
  channel: 'email' | 'sms';
  reason: ReminderCancellationReason;
  cancelledAt: string;
}

const schema: JSONSchemaType<ReminderCancelledV1> = {
  type: 'object',
  additionalProperties: false,
  required: ['reminderId', 'appointmentId', 'clientId', 'locationId', 'kind', 'channel', 'reason', 'cancelledAt'],
  properties: {
    reminderId: { type: 'string', pattern: UUID_PATTERN },
    appointmentId: { type: 'string', pattern: UUID_PATTERN },
    clientId: { type: 'string', pattern: UUID_PATTERN },
    locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
    kind: { type: 'string', pattern: REMINDER_KIND_PATTERN, maxLength: 32 },
    channel: { type: 'string', enum: ['email', 'sms'] },
    reason: { type: 'string', enum: REMINDER_CANCELLATION_REASONS },
    cancelledAt: { type: 'string', format: 'date-time' },
  },
};

export const ReminderCancelled: EventDefinition<ReminderCancelledV1> = {
  name: 'ReminderCancelled',
  version: 1,
  type: eventType('notification', 'ReminderCancelled', 1),
  producer: 'notification',
  topic: NOTIFICATION_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: (p) => p.clientId,
  description: 'A scheduled reminder (or pre-visit check) will not go out: its appointment was cancelled, or moved so that it no longer fits. A reason code only.',
  schema,
};
