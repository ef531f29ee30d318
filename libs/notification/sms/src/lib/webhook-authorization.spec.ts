import { basicAuthorization, isAuthorizedWebhook } from './webhook-authorization';

const credentials = { user: 'infobip-hooks', password: 's3cret:with:colons' };

describe('isAuthorizedWebhook (BASIC security on the notification profile)', () => {
  it('accepts the Basic header built as RFC 7617 says: base64 of user:password', () => {
    const header = 'Basic ' + Buffer.from('infobip-hooks:s3cret:with:colons').toString('base64');
    expect(basicAuthorization(credentials)).toBe(header);
    expect(isAuthorizedWebhook(header, credentials)).toBe(true);
  });

  it('refuses a missing header, a wrong password, another user and another scheme', () => {
    expect(isAuthorizedWebhook(undefined, credentials)).toBe(false);
    expect(isAuthorizedWebhook(basicAuthorization({ ...credentials, password: 's3cret:with:colonz' }), credentials)).toBe(false);
    expect(isAuthorizedWebhook(basicAuthorization({ ...credentials, user: 'someone' }), credentials)).toBe(false);
    expect(isAuthorizedWebhook(basicAuthorization(credentials).replace('Basic', 'Bearer'), credentials)).toBe(false);
  });
});
