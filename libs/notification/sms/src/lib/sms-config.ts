/**
 * Where and as whom the SMS adapter sends (Infobip SMS API v3, docs/adr/0021-sms-provider.md).
 * Locally SMS_API_URL points at the stand-in (infra/sms); in production at the account's base URL
 * (`https://xxxxx.api.infobip.com`), which also identifies the account, so no account id is needed.
 */
export interface SmsConfig {
  /** Base URL without a trailing slash, e.g. `https://xxxxx.api.infobip.com` or `http://127.0.0.1:8026`. */
  apiUrl: string;
  /** The API key, sent as `Authorization: App <key>`. */
  apiKey: string;
  /** Sender ID: a number or alphanumeric name registered with the provider. */
  sender: string;
  /** Where Infobip posts delivery reports for messages we send (webhooks.delivery.url); optional. */
  deliveryReportUrl?: string;
  /** The Basic credentials configured on the webhook's notification profile; webhooks without them are refused. */
  webhookUser?: string;
  webhookPassword?: string;
  /** How long one send request may take before it counts as a transient failure. */
  timeoutMs: number;
}

export const DEFAULT_SMS_TIMEOUT_MS = 10_000;

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} must be set for the SMS channel`);
  return value;
}

/**
 * SMS_API_URL, SMS_AUTH_TOKEN (the API key) and SMS_FROM are required; SMS_DELIVERY_REPORT_URL,
 * SMS_WEBHOOK_USER/SMS_WEBHOOK_PASSWORD and SMS_TIMEOUT_MS are optional. SMS_ACCOUNT_ID is not read:
 * Infobip's base URL is per account.
 */
export function smsConfigFromEnv(env: Env): SmsConfig {
  const apiUrl = required(env, 'SMS_API_URL').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(apiUrl)) throw new Error('SMS_API_URL must be an http(s) URL');
  const timeoutMs = Number(env['SMS_TIMEOUT_MS'] ?? DEFAULT_SMS_TIMEOUT_MS);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error('SMS_TIMEOUT_MS must be a positive integer');
  const deliveryReportUrl = env['SMS_DELIVERY_REPORT_URL']?.trim() || undefined;
  const webhookUser = env['SMS_WEBHOOK_USER'] || undefined;
  const webhookPassword = env['SMS_WEBHOOK_PASSWORD'] || undefined;
  if ((webhookUser === undefined) !== (webhookPassword === undefined)) {
    throw new Error('SMS_WEBHOOK_USER and SMS_WEBHOOK_PASSWORD are set together or not at all');
  }
  return {
    apiUrl,
    apiKey: required(env, 'SMS_AUTH_TOKEN'),
    sender: required(env, 'SMS_FROM'),
    timeoutMs,
    ...(deliveryReportUrl ? { deliveryReportUrl } : {}),
    ...(webhookUser !== undefined && webhookPassword !== undefined ? { webhookUser, webhookPassword } : {}),
  };
}
