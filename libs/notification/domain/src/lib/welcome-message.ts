import { renderMessage, type Language } from '@massage/notification-templates';
import { singleLine } from './channel-choice';

export interface WelcomeMessageInput {
  givenName: string;
  /** Location code, e.g. `downtown-toronto`. */
  locationId: string;
  language: Language;
  /** Where the client stops receiving e-mails (every e-mail carries one). */
  unsubscribeUrl: string;
}

export interface ComposedMessage {
  subject: string;
  text: string;
  html: string;
  /** The SMS text, "Reply STOP" included. */
  sms: string;
}

/** The domain every Message-ID we generate ends in. */
export const MESSAGE_ID_DOMAIN = 'massage.example';

/**
 * The SMTP Message-ID of the welcome message for one triggering event. Derived from the event id,
 * so if the same event is ever mailed twice (a crash between sending and committing) the two
 * copies carry the same Message-ID and mail clients and support can recognise the repeat.
 */
export function welcomeMessageId(triggeringEventId: string): string {
  if (!/^[0-9a-zA-Z-]+$/.test(triggeringEventId)) throw new Error(`Not an event id: "${triggeringEventId}"`);
  return `<welcome.${triggeringEventId.toLowerCase()}@${MESSAGE_ID_DOMAIN}>`;
}

/**
 * The message key of the welcome sent by SMS for one triggering event, from which the provider's idempotency key is
 * derived (`smsMessageId`, ADR 0021): a repeat after a crash is the same message to the provider.
 */
export function welcomeSmsMessageKey(triggeringEventId: string): string {
  if (!/^[0-9a-zA-Z-]+$/.test(triggeringEventId)) throw new Error(`Not an event id: "${triggeringEventId}"`);
  return `welcome.sms.${triggeringEventId.toLowerCase()}`;
}

/** `downtown-toronto` → `Downtown Toronto`: location codes are slugs, e-mails want words. */
export function locationDisplayName(locationId: string): string {
  return locationId
    .split('-')
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * The welcome a client receives once their intake is complete, from the `welcome` template in the client's
 * language: the e-mail's parts and the SMS. Deliberately says nothing about what the intake contained: neither
 * e-mail nor SMS is a place for health details.
 */
export function composeWelcomeMessage(input: WelcomeMessageInput): ComposedMessage {
  const { subject, text, html, sms } = renderMessage('welcome', input.language, {
    clientName: singleLine(input.givenName) || 'there',
    locationName: locationDisplayName(input.locationId),
    unsubscribeUrl: input.unsubscribeUrl,
  });
  return { subject, text, html, sms };
}
