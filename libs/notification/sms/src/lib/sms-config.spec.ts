import { DEFAULT_SMS_TIMEOUT_MS, smsConfigFromEnv } from './sms-config';

const minimal = { SMS_API_URL: 'http://127.0.0.1:8026/', SMS_AUTH_TOKEN: 'local-sms-key', SMS_FROM: 'MassageCo' };

describe('smsConfigFromEnv', () => {
  it('reads the required variables, trims the URL, defaults the timeout, ignores SMS_ACCOUNT_ID', () => {
    expect(smsConfigFromEnv({ ...minimal, SMS_ACCOUNT_ID: 'AC123' })).toEqual({
      apiUrl: 'http://127.0.0.1:8026',
      apiKey: 'local-sms-key',
      sender: 'MassageCo',
      timeoutMs: DEFAULT_SMS_TIMEOUT_MS,
    });
  });

  it('reads the optional delivery URL, webhook credentials and timeout', () => {
    expect(
      smsConfigFromEnv({ ...minimal, SMS_DELIVERY_REPORT_URL: 'https://n.example/sms/reports', SMS_WEBHOOK_USER: 'u', SMS_WEBHOOK_PASSWORD: 'p', SMS_TIMEOUT_MS: '2500' }),
    ).toMatchObject({ deliveryReportUrl: 'https://n.example/sms/reports', webhookUser: 'u', webhookPassword: 'p', timeoutMs: 2500 });
  });

  it.each(['SMS_API_URL', 'SMS_AUTH_TOKEN', 'SMS_FROM'])('refuses to start without %s', (name) => {
    expect(() => smsConfigFromEnv({ ...minimal, [name]: '' })).toThrow(name);
  });

  it('refuses a URL that is not http(s), a bad timeout and half the webhook credentials', () => {
    expect(() => smsConfigFromEnv({ ...minimal, SMS_API_URL: 'ftp://x' })).toThrow(/http/);
    expect(() => smsConfigFromEnv({ ...minimal, SMS_TIMEOUT_MS: '0' })).toThrow(/SMS_TIMEOUT_MS/);
    expect(() => smsConfigFromEnv({ ...minimal, SMS_WEBHOOK_USER: 'u' })).toThrow(/together/);
  });
});
