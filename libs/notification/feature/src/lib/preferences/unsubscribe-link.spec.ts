import { linkSecretFromEnv, unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-link';
import { smsConfigForService } from '../sms/sms-channel.config';

const clientId = '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02';

describe('unsubscribe tokens', () => {
  it('verifies its own token and names the client and channel', () => {
    expect(verifyUnsubscribeToken('k', unsubscribeToken('k', clientId, 'email'))).toEqual({ clientId, channel: 'email' });
  });

  it('refuses a token with another channel, another client, another key, or cut short', () => {
    const token = unsubscribeToken('k', clientId, 'email');
    expect(verifyUnsubscribeToken('k', token.replace('.email.', '.sms.'))).toBeUndefined();
    expect(verifyUnsubscribeToken('k', token.replace('7d1d', '8d1d'))).toBeUndefined();
    expect(verifyUnsubscribeToken('other', token)).toBeUndefined();
    expect(verifyUnsubscribeToken('k', token.slice(0, -2))).toBeUndefined();
    expect(verifyUnsubscribeToken('k', `${token}.x`)).toBeUndefined();
  });

  it('takes NOTIFICATION_LINK_SECRET; without it a local default, refused in production', () => {
    expect(linkSecretFromEnv({ NOTIFICATION_LINK_SECRET: 's3cret' })).toBe('s3cret');
    expect(linkSecretFromEnv({})).toBeTruthy();
    expect(() => linkSecretFromEnv({ NODE_ENV: 'production' })).toThrow(/NOTIFICATION_LINK_SECRET/);
  });
});

describe('smsConfigForService', () => {
  it('defaults to the local stand-in outside production and requires the settings in production', () => {
    expect(smsConfigForService({})).toMatchObject({ apiUrl: 'http://127.0.0.1:8026', apiKey: 'local-sms-key', sender: 'MassageCo' });
    expect(smsConfigForService({ SMS_API_URL: 'https://x.api.infobip.com', SMS_FROM: 'Clinic' })).toMatchObject({ apiUrl: 'https://x.api.infobip.com', sender: 'Clinic' });
    expect(() => smsConfigForService({ NODE_ENV: 'production' })).toThrow(/SMS_API_URL/);
  });
});
