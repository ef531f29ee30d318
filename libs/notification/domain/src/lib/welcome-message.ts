import { singleLine } from './channel-choice';

export interface WelcomeMessageInput {
  givenName: string;
  /** Location code, e.g. `downtown-toronto`. */
  locationId: string;
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
 * The welcome a client receives once their intake is complete. Deliberately says nothing about
 * what the intake contained: e-mail is not a place for health details.
 */
export function composeWelcomeMessage(input: WelcomeMessageInput): ComposedMessage {
  const name = singleLine(input.givenName) || 'there';
  const location = locationDisplayName(input.locationId);

  const subject = `Welcome to ${location}, ${name}`;
  const paragraphs = [
    `Thank you for completing your intake form at our ${location} location.`,
    'Before your first session your therapist will go through it with you, and together you will shape a treatment plan around your own goals.',
    'If anything about your health changes before a visit, just tell your therapist when you arrive: we ask at every visit.',
  ];
  const text = [`Hello ${name},`, '', ...paragraphs.flatMap((p) => [p, '']), 'Warm regards,', `The care team at ${location}`, ''].join('\n');
  const html = [
    '<!doctype html>',
    '<html><body style="font-family: sans-serif; line-height: 1.5">',
    `<p>Hello ${escapeHtml(name)},</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p>Warm regards,<br>The care team at ${escapeHtml(location)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject, text, html };
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
