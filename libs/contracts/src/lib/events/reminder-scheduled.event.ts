import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { NOTIFICATION_EVENTS_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';

/** `reminder-24h`, `reminder-2h`, `reminder-90m` (the offset before the start), or `pre-visit-check`. */
export const REMINDER_KIND_PATTERN = '^(reminder-[1-9][0-9]*[hm]|pre-visit-check)$';

/** Which reminder of which appointment: what ReminderScheduled and ReminderCancelled both carry. */
export interface ReminderAboutV1 {
  reminderId: string;
  appointmentId: string;
  clientId: string;
  locationId: string;
  kind: string;
  channel: 'email' | 'sms';
}

export const REMINDER_ABOUT_REQUIRED = ['reminderId', 'appointmentId', 'clientId', 'locationId', 'kind', 'channel'] as const;
export const REMINDER_ABOUT_PROPERTIES = {
  reminderId: { type: 'string', pattern: UUID_PATTERN },
  appointmentId: { type: 'string', pattern: UUID_PATTERN },
  clientId: { type: 'string', pattern: UUID_PATTERN },
  locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
  kind: { type: 'string', pattern: REMINDER_KIND_PATTERN, maxLength: 32 },
  channel: { type: 'string', enum: ['email', 'sms'] },
} as const;

export interface ReminderScheduledV1 extends ReminderAboutV1 {
  /** When it goes out (already moved out of the location's quiet hours). */
  dueAt: string;
  /** The appointment start it reminds of. */
  startsAt: string;
  scheduledAt: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...REMINDER_ABOUT_REQUIRED, 'dueAt', 'startsAt', 'scheduledAt'],
  properties: {
    ...REMINDER_ABOUT_PROPERTIES,
    dueAt: { type: 'string', format: 'date-time' },
    startsAt: { type: 'string', format: 'date-time' },
    scheduledAt: { type: 'string', format: 'date-time' },
  },
} as unknown as JSONSchemaType<ReminderScheduledV1>;

export const ReminderScheduled: EventDefinition<ReminderScheduledV1> = {
  name: 'ReminderScheduled',
  version: 1,
  type: eventType('notification', 'ReminderScheduled', 1),
  producer: 'notification',
  topic: NOTIFICATION_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: (p) => p.clientId,
  description:
    "A reminder (or the pre-visit check) of an appointment was scheduled, or moved with the appointment: when it is due (outside the location's quiet hours) and the start it reminds of. Ids and codes only.",
  schema,
};
