import { chooseChannel, type DeliverOnChannel, type MessagePreferences, type SkipDelivery } from './channel-choice';
import type { NotificationContact } from './contact';

/** The client's contact details have not reached us yet: record the welcome and send it when they do. */
export interface AwaitContact {
  decision: 'await-contact';
}

/** What to do with a welcome: send it now, skip it (with a reason), or wait for the contact details. */
export type WelcomeDecision = DeliverOnChannel | SkipDelivery | AwaitContact;

/**
 * The lifecycle of one welcome (one per client, after their first completed intake):
 * `awaiting-contact` → `sent` | `skipped` | `failed`, or straight to one of those when the contact is known.
 * `failed`: the SMTP server or the SMS provider refused the message for good (see `classifySmtpFailure`, ADR 0021);
 * final, not retried.
 */
export type WelcomeStatus = 'awaiting-contact' | 'sent' | 'skipped' | 'failed';

/**
 * Decides what happens to a welcome, given what we know about how to reach the client.
 *
 * Contact details (private topic) and completed intakes (public topic) travel on different topics,
 * so either can arrive first. Without a contact there is nobody to address yet: the welcome waits
 * for the contact instead of failing, and is decided again when the contact arrives. With a contact,
 * one channel, chosen as for every message to a client (`chooseChannel`: preference, fallback, opt-outs, addresses).
 */
export function decideWelcome(contact: NotificationContact | null | undefined, preferences: Pick<MessagePreferences, 'optedOut'>): WelcomeDecision {
  if (!contact) return { decision: 'await-contact' };
  return chooseChannel(contact, preferences);
}

