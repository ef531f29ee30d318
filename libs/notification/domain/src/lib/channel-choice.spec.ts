import { chooseChannel, SKIP_REASONS } from './channel-choice';
import type { NotificationContact } from './contact';

const ada: NotificationContact = {
  clientId: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02',
  locationId: 'downtown-toronto',
  givenName: 'Ada',
  familyName: 'Lovelace',
  email: 'ada@example.com',
  phone: '+14165550100',
  preferredChannel: 'email',
};

describe('chooseChannel', () => {
  it('delivers by e-mail when the client chose e-mail and an address is on file', () => {
    expect(chooseChannel(ada)).toEqual({
      decision: 'deliver',
      channel: 'email',
      address: 'ada@example.com',
      recipientName: 'Ada Lovelace',
    });
  });

  it('skips, with a reason, when the client chose e-mail but has no address', () => {
    expect(chooseChannel({ ...ada, email: null })).toEqual({
      decision: 'skip',
      channel: 'email',
      reason: SKIP_REASONS.noEmailAddress,
    });
    expect(chooseChannel({ ...ada, email: '  ' }).decision).toBe('skip');
  });

  it('respects a choice of SMS: skipped until SMS exists, never an e-mail instead', () => {
    expect(chooseChannel({ ...ada, preferredChannel: 'sms' })).toEqual({
      decision: 'skip',
      channel: 'sms',
      reason: SKIP_REASONS.smsNotAvailable,
    });
  });

  it('keeps the display name on one line', () => {
    const decision = chooseChannel({ ...ada, givenName: 'Ada\r\nBcc: x@evil.example', familyName: 'Lovelace' });
    expect(decision.decision === 'deliver' && decision.recipientName).toBe('Ada Bcc: x@evil.example Lovelace');
  });
});
