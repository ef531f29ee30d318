import { smsConfigFromEnv, type SmsConfig } from '@massage/notification-sms';

export const SMS_CONFIG = Symbol('SMS_CONFIG');

/** The local stand-in (infra/sms, scripts/infra-up.sh) as scripts/up.sh configures it. */
const LOCAL_DEFAULTS = { SMS_API_URL: 'http://127.0.0.1:8026', SMS_AUTH_TOKEN: 'local-sms-key', SMS_FROM: 'MassageCo' } as const;

/**
 * The SMS adapter's settings (ADR 0021), like SMTP's: outside production the local stand-in is the default, so a
 * developer's run sends SMS there without setting anything; with NODE_ENV=production SMS_API_URL, SMS_AUTH_TOKEN and
 * SMS_FROM are required and the service does not start without them.
 */
export function smsConfigForService(env: Readonly<Record<string, string | undefined>> = process.env): SmsConfig {
  if (env['NODE_ENV'] === 'production') return smsConfigFromEnv(env);
  const withDefaults: Record<string, string | undefined> = { ...env };
  for (const [name, value] of Object.entries(LOCAL_DEFAULTS)) withDefaults[name] = env[name] || value;
  return smsConfigFromEnv(withDefaults);
}
