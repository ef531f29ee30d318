import { NO_PREFERENCES, SKIP_REASONS } from './channel-choice';
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
    expect(decideWelcome(undefined, NO_PREFERENCES)).toEqual({ decision: 'await-contact' });
    expect(decideWelcome(null, { optedOut: ['email'] })).toEqual({ decision: 'await-contact' });
  });

  it('sends now by e-mail when the contact is known and chose e-mail', () => {
    expect(decideWelcome(ada, NO_PREFERENCES)).toEqual({ decision: 'deliver', channel: 'email', address: 'ada@example.com', recipientName: 'Ada Lovelace' });
  });

  it('sends by SMS to a client who chose SMS and has a number', () => {
    expect(decideWelcome({ ...ada, preferredChannel: 'sms', phone: '+14165550100' }, NO_PREFERENCES)).toEqual({
      decision: 'deliver',
      channel: 'sms',
      address: '+14165550100',
      recipientName: 'Ada Lovelace',
    });
  });

  it('goes by SMS when the client chose e-mail but no address is on file, and the other way round', () => {
    expect(decideWelcome({ ...ada, email: null, phone: '+14165550100' }, NO_PREFERENCES)).toMatchObject({ decision: 'deliver', channel: 'sms' });
    expect(decideWelcome({ ...ada, preferredChannel: 'sms' }, NO_PREFERENCES)).toMatchObject({ decision: 'deliver', channel: 'email' });
  });

  it('skips, with the reason, when the client opted out of every channel with an address, or has none', () => {
    expect(decideWelcome({ ...ada, phone: '+14165550100' }, { optedOut: ['email', 'sms'] })).toEqual({ decision: 'skip', channel: 'email', reason: SKIP_REASONS['opted-out'] });
    expect(decideWelcome({ ...ada, email: null }, NO_PREFERENCES)).toEqual({ decision: 'skip', channel: 'email', reason: SKIP_REASONS['no-channel'] });
  });
});
