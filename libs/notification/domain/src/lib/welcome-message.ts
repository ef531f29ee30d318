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
 * language. Deliberately says nothing about what the intake contained: e-mail is not a place for health details.
 */
export function composeWelcomeMessage(input: WelcomeMessageInput): ComposedMessage {
  const { subject, text, html } = renderMessage('welcome', input.language, {
    clientName: singleLine(input.givenName) || 'there',
    locationName: locationDisplayName(input.locationId),
    unsubscribeUrl: input.unsubscribeUrl,
  });
  return { subject, text, html };
}
