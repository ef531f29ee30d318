import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { NOTIFICATION_EVENTS_TOPIC } from '../topics';
import { LOCATION_CODE_PATTERN, UUID_PATTERN } from '../domain/ids';

/**
 * What a message to a client was: the welcome, an appointment's notices, its reminders (any offset), the pre-visit
 * check, after-care, the clearance letter (to the client's provider, about the client) and a waitlist offer. The
 * licence-expiry notice goes to a manager, about no client: it is not published.
 */
export const NOTIFICATION_KINDS = [
  'welcome',
  'booking-confirmed',
  'booking-rescheduled',
  'booking-cancelled',
  'reminder',
  'pre-visit-check',
  'after-care',
  'clearance-request',
  'waitlist-offer',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What NotificationSent and NotificationFailed both say about the message. */
export interface NotificationAboutV1 {
  notificationId: string;
  clientId: string;
  locationId: string;
  kind: NotificationKind;
  channel: 'email' | 'sms';
  /** The event that caused this notification (its ce_id). */
  triggeredBy: string;
  /** The appointment a notice or reminder is about (absent for the welcome). */
  appointmentId?: string;
}

export interface NotificationSentV1 extends NotificationAboutV1 {
  sentAt: string;
}

export const NOTIFICATION_ABOUT_REQUIRED = ['notificationId', 'clientId', 'locationId', 'kind', 'channel', 'triggeredBy'] as const;
export const NOTIFICATION_ABOUT_PROPERTIES = {
  notificationId: { type: 'string', pattern: UUID_PATTERN },
  clientId: { type: 'string', pattern: UUID_PATTERN },
  locationId: { type: 'string', pattern: LOCATION_CODE_PATTERN, maxLength: 64 },
  kind: { type: 'string', enum: NOTIFICATION_KINDS },
  channel: { type: 'string', enum: ['email', 'sms'] },
  triggeredBy: { type: 'string', pattern: UUID_PATTERN },
  appointmentId: { type: 'string', pattern: UUID_PATTERN, nullable: true },
} as const;

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...NOTIFICATION_ABOUT_REQUIRED, 'sentAt'],
  properties: { ...NOTIFICATION_ABOUT_PROPERTIES, sentAt: { type: 'string', format: 'date-time' } },
} as unknown as JSONSchemaType<NotificationSentV1>;

export const NotificationSent: EventDefinition<NotificationSentV1> = {
  name: 'NotificationSent',
  version: 1,
  type: eventType('notification', 'NotificationSent', 1),
  producer: 'notification',
  topic: NOTIFICATION_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: (p) => p.clientId,
  description:
    "A message was delivered to a client's chosen channel (the SMTP server accepted it, for e-mail): the welcome, a booking's confirmation, reschedule or cancellation notice, a reminder or the pre-visit check (then with the appointment id).",
  schema,
};
