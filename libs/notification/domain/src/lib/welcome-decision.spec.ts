import { SKIP_REASONS } from './channel-choice';
import type { NotificationContact } from './contact';
import { decideWelcome } from './welcome-decision';

const ada: NotificationContact = {
  clientId: '7d1d2b8e-8a83-4b5e-a7a4-3a0c4c1c9b02',
  locationId: 'downtown-toronto',
  givenName: 'Ada',
  familyName: 'Lovelace',
  email: 'ada@example.com',
  phone: null,
  preferredChannel: 'email',
};

describe('decideWelcome', () => {
  it('waits for the contact when none is known yet (it travels on another topic)', () => {
    expect(decideWelcome(undefined)).toEqual({ decision: 'await-contact' });
    expect(decideWelcome(null)).toEqual({ decision: 'await-contact' });
  });

  it('sends now by e-mail when the contact is known and chose e-mail', () => {
    expect(decideWelcome(ada)).toEqual({ decision: 'deliver', channel: 'email', address: 'ada@example.com', recipientName: 'Ada Lovelace' });
  });

  it('skips, with the reason, when the client chose SMS: never an e-mail instead', () => {
    expect(decideWelcome({ ...ada, preferredChannel: 'sms', phone: '+14165550100' })).toEqual({
      decision: 'skip',
      channel: 'sms',
      reason: SKIP_REASONS.smsNotAvailable,
    });
  });

  it('skips, with the reason, when the client chose e-mail but no address is on file', () => {
    expect(decideWelcome({ ...ada, email: null, phone: '+14165550100' })).toEqual({
      decision: 'skip',
      channel: 'email',
      reason: SKIP_REASONS.noEmailAddress,
    });
  });
});

