import type { JSONSchemaType } from 'ajv';
import { eventType, type EventDefinition } from '../event-definition';
import { NOTIFICATION_EVENTS_TOPIC } from '../topics';
import { NOTIFICATION_ABOUT_PROPERTIES, NOTIFICATION_ABOUT_REQUIRED, type NotificationAboutV1 } from './notification-sent.event';

/**
 * Why a message was given up: the server refused the recipient or the message for good (5xx), every retry of a
 * transient failure was spent, or the client cannot be reached on the channel (no contact, no address).
 */
export const NOTIFICATION_FAILURE_REASONS = ['recipient-rejected', 'message-rejected', 'retries-exhausted', 'unreachable'] as const;
export type NotificationFailureReason = (typeof NOTIFICATION_FAILURE_REASONS)[number];

export interface NotificationFailedV1 extends NotificationAboutV1 {
  reason: NotificationFailureReason;
  /** The SMTP reply code of a refusal, when there was one. */
  smtpCode?: number;
  attempts: number;
  failedAt: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: [...NOTIFICATION_ABOUT_REQUIRED, 'reason', 'attempts', 'failedAt'],
  properties: {
    ...NOTIFICATION_ABOUT_PROPERTIES,
    reason: { type: 'string', enum: NOTIFICATION_FAILURE_REASONS },
    smtpCode: { type: 'integer', minimum: 400, maximum: 599, nullable: true },
    attempts: { type: 'integer', minimum: 0 },
    failedAt: { type: 'string', format: 'date-time' },
  },
} as unknown as JSONSchemaType<NotificationFailedV1>;

export const NotificationFailed: EventDefinition<NotificationFailedV1> = {
  name: 'NotificationFailed',
  version: 1,
  type: eventType('notification', 'NotificationFailed', 1),
  producer: 'notification',
  topic: NOTIFICATION_EVENTS_TOPIC.name,
  keyDescription: 'clientId',
  key: (p) => p.clientId,
  description:
    'A message was given up for good: refused by the server (5xx), out of retries, or the client unreachable on the channel. A reason code and the SMTP reply code, never the server text.',
  schema,
};
