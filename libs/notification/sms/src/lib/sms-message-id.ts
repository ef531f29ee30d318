import { createHash } from 'node:crypto';

/**
 * The provider's idempotency key for one SMS, derived from the notification's message key (one per
 * event, channel and template; docs/adr/0021-sms-provider.md). Infobip takes it as the destination's
 * `messageId`: with idempotency enabled on the account it rejects a second copy with the same id within
 * its grace period, and delivery reports and inbound replies name the message by it.
 *
 * A hash rather than the key itself: the key may hold characters and a length Infobip's ids do not
 * promise to accept, and it should not leak event ids to the provider. 128 bits of SHA-256, hex.
 */
export const SMS_MESSAGE_ID_PREFIX = 'ntf-';

export function smsMessageId(messageKey: string): string {
  if (messageKey.length === 0) throw new Error('an SMS needs a non-empty message key');
  return SMS_MESSAGE_ID_PREFIX + createHash('sha256').update(messageKey, 'utf8').digest('hex').slice(0, 32);
}
