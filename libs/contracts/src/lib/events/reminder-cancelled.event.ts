import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { NOTIFICATION_EVENTS_TOPIC } from '../topics';
import { REMINDER_ABOUT_PROPERTIES, REMINDER_ABOUT_REQUIRED, type ReminderAboutV1 } from './reminder-scheduled.event';

/**
 * Why a scheduled reminder will not go out: its appointment was cancelled, or moved so that this reminder no longer
 * fits (already past, or only reachable in quiet hours), or its start passed before it could be sent (an outage).
 */
export const REMINDER_CANCELLATION_REASONS = ['appointment-cancelled', 'appointment-moved', 'start-passed'] as const;
export type ReminderCancellationReason = (typeof REMINDER_CANCELLATION_REASONS)[number];

export interface ReminderCancelledV1 extends ReminderAboutV1 {
  reason: ReminderCancellationReason;
  cancelledAt: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...REMINDER_ABOUT_REQUIRED, 'reason', 'cancelledAt'],
  properties: {
    ...REMINDER_ABOUT_PROPERTIES,
    reason: { type: 'string', enum: REMINDER_CANCELLATION_REASONS },
    cancelledAt: { type: 'string', format: 'date-time' },
  },
} as unknown as JSONSchemaType<ReminderCancelledV1>;

export const ReminderCancelled: EventDefinition<ReminderCancelledV1> = {
  name: 'ReminderCancelled',
  version: 1,
  type: eventType('notification', 'ReminderCancelled', 1),
  producer: 'notification',
  topic: NOTIFICATION_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: (p) => p.clientId,
  description:
    'A scheduled reminder (or pre-visit check) will not go out: its appointment was cancelled, or moved so that it no longer fits, or its start passed before it could be sent. A reason code only.',
  schema,
};
