import type { NotificationChannel, NotificationContact } from './contact';

export interface DeliverByEmail {
  decision: 'deliver';
  channel: 'email';
  address: string;
  /** Display name for the To: header. */
  recipientName: string;
}

export interface SkipDelivery {
  decision: 'skip';
  /** The channel the client chose, which we could not use. */
  channel: NotificationChannel;
  reason: string;
}

export type ChannelDecision = DeliverByEmail | SkipDelivery;

export const SKIP_REASONS = {
  smsNotAvailable: 'sms delivery is not available yet',
  noEmailAddress: 'the client chose e-mail but no e-mail address is on file',
} as const;

/**
 * Picks how a message reaches a client. The client's choice wins: someone who chose SMS does not
 * get an e-mail instead, even when an address is on file; until SMS exists the message is skipped
 * with a reason, so the gap is visible rather than silent.
 */
export function chooseChannel(contact: NotificationContact): ChannelDecision {
  if (contact.preferredChannel === 'sms') {
    return { decision: 'skip', channel: 'sms', reason: SKIP_REASONS.smsNotAvailable };
  }
  const address = contact.email?.trim();
  if (!address) return { decision: 'skip', channel: 'email', reason: SKIP_REASONS.noEmailAddress };
  return {
    decision: 'deliver',
    channel: 'email',
    address,
    recipientName: singleLine(`${contact.givenName} ${contact.familyName}`),
  };
}

/** Header values must stay on one line. */
export function singleLine(value: string): string {
  const printable = Array.from(value, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 || code === 0x7f ? ' ' : ch;
  }).join('');
  return printable.replace(/\s+/g, ' ').trim();
}
