import { timingSafeEqual } from 'node:crypto';

/**
 * Is this webhook request Infobip's? Infobip signs nothing by default; its Subscriptions Management lets
 * a notification profile carry security settings of type BASIC, HMAC or OAUTH. We use BASIC: the
 * documented wire format of the other two was not available when this was written (ADR 0021), and
 * Basic credentials over TLS are what every Infobip webhook can carry. Compared in constant time.
 */
export interface WebhookCredentials {
  user: string;
  password: string;
}

export function basicAuthorization(credentials: WebhookCredentials): string {
  return 'Basic ' + Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64');
}

export function isAuthorizedWebhook(authorizationHeader: string | undefined, credentials: WebhookCredentials): boolean {
  if (authorizationHeader === undefined) return false;
  const expected = Buffer.from(basicAuthorization(credentials), 'utf8');
  const actual = Buffer.from(authorizationHeader.trim(), 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
