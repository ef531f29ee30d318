/**
 * Messages sent once for one event, not for an appointment: after-care (a signed session), the clearance letter (a
 * clearance request), a waitlist offer, a licence-expiry notice (to a location's manager).
 */
export const EVENT_MESSAGE_KINDS = ['after-care', 'clearance-request', 'waitlist-offer', 'licence-expiring'] as const;
export type EventMessageKind = (typeof EVENT_MESSAGE_KINDS)[number];

export function isEventMessageKind(kind: string): kind is EventMessageKind {
  return (EVENT_MESSAGE_KINDS as readonly string[]).includes(kind);
}

/**
 * Whether a message waits out the location's quiet hours, when first due and when retried: reminders and after-care
 * (nobody is waiting for them at night); not the notices and offers that answer something just done (a booking, a
 * freed slot whose hold is running) nor letters to a physician or a manager.
 */
export function waitsOutQuietHours(kind: string): boolean {
  return kind.startsWith('reminder-') || kind === 'pre-visit-check' || kind === 'after-care';
}

/**
 * The key of one event message: what it is about (`subject`: a note, an offer, a clearance, a licence at a location)
 * rather than the event id, so a redelivery, a second copy of the event or a replay find the same row (unique per
 * subject, kind and channel) and the same Message-ID.
 */
export function eventMessageSubject(parts: readonly string[]): string {
  if (parts.length === 0) throw new Error('An event message needs a subject');
  for (const part of parts) if (!/^[0-9a-zA-Z-]+$/.test(part)) throw new Error(`Not a subject part: "${part}"`);
  return parts.map((p) => p.toLowerCase()).join('.');
}

export function eventMessageKey(kind: EventMessageKind, channel: string, subject: string): string {
  return `${kind}.${channel}.${subject}`;
}
