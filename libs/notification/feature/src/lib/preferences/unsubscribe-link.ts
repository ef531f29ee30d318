import type { NotificationChannel } from '@massage/notification-domain';
import { envString } from '@massage/platform';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Only for runs outside production (like the SMTP and SMS defaults); production sets NOTIFICATION_LINK_SECRET. */
const LOCAL_LINK_SECRET = 'local-notification-link-secret';

/** The key links are signed with: NOTIFICATION_LINK_SECRET, required with NODE_ENV=production. */
export function linkSecretFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const secret = env['NOTIFICATION_LINK_SECRET'];
  if (secret) return secret;
  if (env['NODE_ENV'] === 'production') throw new Error('NOTIFICATION_LINK_SECRET must be set in production (it signs the unsubscribe links)');
  return LOCAL_LINK_SECRET;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signature(secret: string, clientId: string, channel: NotificationChannel): string {
  return createHmac('sha256', secret).update(`unsubscribe:${clientId}:${channel}`, 'utf8').digest('base64url');
}

/**
 * An unsubscribe token: the client and channel in clear (nothing secret: a link in the client's own mailbox) and an
 * HMAC-SHA256 of both, so nobody opts a client out by guessing ids. It does not expire: a link in an old e-mail
 * still works, and what it does (stop e-mails to that client) is what its holder asked for.
 */
export function unsubscribeToken(secret: string, clientId: string, channel: NotificationChannel): string {
  return `${clientId}.${channel}.${signature(secret, clientId, channel)}`;
}

/** The client and channel of a genuine token, or undefined (forged, truncated, another key). */
export function verifyUnsubscribeToken(secret: string, token: string): { clientId: string; channel: NotificationChannel } | undefined {
  const [clientId, channel, mac, ...rest] = token.split('.');
  if (rest.length > 0 || !clientId || !UUID.test(clientId) || (channel !== 'email' && channel !== 'sms') || !mac) return undefined;
  const expected = Buffer.from(signature(secret, clientId, channel), 'utf8');
  const actual = Buffer.from(mac, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? { clientId, channel } : undefined;
}

/** The body of an RFC 8058 one-click POST (`List-Unsubscribe-Post` names it); the confirmation page's form posts it too. */
export const ONE_CLICK_BODY = { name: 'List-Unsubscribe', value: 'One-Click' } as const;

/** Where the link points: notification's `/unsubscribe` (GET asks, POST opts out) as the public sees it (NOTIFICATION_UNSUBSCRIBE_URL). */
export function unsubscribeUrl(secret: string, clientId: string, channel: NotificationChannel): string {
  const base = envString('NOTIFICATION_UNSUBSCRIBE_URL', `${envString('NOTIFICATION_PUBLIC_URL', 'https://massage.example')}/unsubscribe`);
  return `${base}?token=${encodeURIComponent(unsubscribeToken(secret, clientId, channel))}`;
}
