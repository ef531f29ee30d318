import type { NotificationChannel, NotificationContact } from './contact';

/** Send the message on this channel, to this address. */
export interface DeliverOnChannel {
  decision: 'deliver';
  channel: NotificationChannel;
  /** The e-mail address, or the phone number in E.164. */
  address: string;
  /** Display name for the To: header of an e-mail. */
  recipientName: string;
}

export interface SkipDelivery {
  decision: 'skip';
  /** The channel the client prefers, which could not carry the message either. */
  channel: NotificationChannel;
  reason: string;
}

export type ChannelDecision = DeliverOnChannel | SkipDelivery;

/** Why a message went on no channel, as a delivery's `skip_reason` says it. */
export const SKIP_REASONS: Readonly<Record<NoChannelReason, string>> = {
  'no-channel': 'no e-mail address and no phone number in E.164 on file',
  'opted-out': 'the client opted out of every channel with an address',
};

/**
 * Picks the one channel a message goes on, as for a reminder (`messageChannels`): the preferred channel, else the
 * other; never one the client opted out of or without an address. None left: skipped with the reason, so the gap is
 * visible rather than silent.
 */
export function chooseChannel(contact: NotificationContact, preferences: Pick<MessagePreferences, 'optedOut'>): ChannelDecision {
  const plan = messageChannels(contact, preferences, 'reminder');
  if ('unavailable' in plan) return { decision: 'skip', channel: contact.preferredChannel, reason: SKIP_REASONS[plan.unavailable] };
  const channel = plan.send[0];
  return {
    decision: 'deliver',
    channel,
    address: (channel === 'email' ? contact.email : contact.phone)?.trim() ?? '',
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

/** How a client said no to a channel (the `client_preference` row keeps it with the instant). */
export type OptOutSource = 'stop-reply' | 'unsubscribe-link' | 'front-desk';

/** What the client chose about messages, beside the contact details (notification's own `client_preference`). */
export interface MessagePreferences {
  /** The channels the client opted out of. */
  optedOut: readonly NotificationChannel[];
  /** The client chose to receive messages in the location's quiet hours too. */
  quietHoursOptOut: boolean;
}

export const NO_PREFERENCES: MessagePreferences = { optedOut: [], quietHoursOptOut: false };

/** Why a message reaches the client on no channel: every channel with an address is opted out, or none has one. */
export type NoChannelReason = 'opted-out' | 'no-channel';

/**
 * A notice answers the client's own action (booking, moving, cancelling: the "confirmation e-mail and
 * SMS"): it goes on every channel the client can be reached on. A reminder goes on one: the preferred channel, or
 * the other when the preferred one is opted out or has no address.
 */
export type MessagePurpose = 'notice' | 'reminder';

export type ChannelPlan = { send: NotificationChannel[] } | { send: []; unavailable: NoChannelReason };

const E164 = /^\+[1-9]\d{1,14}$/;

/** Whether the contact has an address on the channel (a phone must be E.164: the SMS adapter guesses no country code). */
export function hasAddress(contact: Pick<NotificationContact, 'email' | 'phone'>, channel: NotificationChannel): boolean {
  if (channel === 'email') return Boolean(contact.email?.trim());
  return E164.test(contact.phone?.trim() ?? '');
}

/** Why the channel cannot carry a message to this client now, or undefined when it can. */
export function channelUnavailable(
  contact: Pick<NotificationContact, 'email' | 'phone'>,
  preferences: Pick<MessagePreferences, 'optedOut'>,
  channel: NotificationChannel,
): NoChannelReason | undefined {
  if (!hasAddress(contact, channel)) return 'no-channel';
  return preferences.optedOut.includes(channel) ? 'opted-out' : undefined;
}

/**
 * The channels a message goes on: never one the client opted out of, never one without an address; the preferred
 * channel first. None left: why (opted out when a channel with an address was refused, else no channel at all).
 */
export function messageChannels(
  contact: Pick<NotificationContact, 'email' | 'phone' | 'preferredChannel'>,
  preferences: Pick<MessagePreferences, 'optedOut'>,
  purpose: MessagePurpose,
): ChannelPlan {
  const order: NotificationChannel[] = contact.preferredChannel === 'sms' ? ['sms', 'email'] : ['email', 'sms'];
  const usable = order.filter((channel) => channelUnavailable(contact, preferences, channel) === undefined);
  if (usable.length > 0) return { send: purpose === 'notice' ? usable : [usable[0]] };
  const refused = order.some((channel) => hasAddress(contact, channel) && preferences.optedOut.includes(channel));
  return { send: [], unavailable: refused ? 'opted-out' : 'no-channel' };
}
