import { chooseChannel, NO_PREFERENCES, SKIP_REASONS } from './channel-choice';
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
  it('delivers on the preferred channel when it has an address: e-mail to the address, SMS to the number', () => {
    expect(chooseChannel(ada, NO_PREFERENCES)).toEqual({ decision: 'deliver', channel: 'email', address: 'ada@example.com', recipientName: 'Ada Lovelace' });
    expect(chooseChannel({ ...ada, preferredChannel: 'sms', phone: ' +14165550100 ' }, NO_PREFERENCES)).toEqual({
      decision: 'deliver',
      channel: 'sms',
      address: '+14165550100',
      recipientName: 'Ada Lovelace',
    });
  });

  it('falls back to the other channel when the preferred one has no address or is opted out', () => {
    expect(chooseChannel({ ...ada, email: '  ' }, NO_PREFERENCES)).toMatchObject({ decision: 'deliver', channel: 'sms' });
    expect(chooseChannel({ ...ada, preferredChannel: 'sms', phone: '4165550100' }, NO_PREFERENCES)).toMatchObject({ decision: 'deliver', channel: 'email' });
    expect(chooseChannel(ada, { optedOut: ['email'] })).toMatchObject({ decision: 'deliver', channel: 'sms' });
  });

  it('skips, with the reason, when no channel is left, naming the preferred one', () => {
    expect(chooseChannel({ ...ada, email: null, phone: null }, NO_PREFERENCES)).toEqual({ decision: 'skip', channel: 'email', reason: SKIP_REASONS['no-channel'] });
    expect(chooseChannel({ ...ada, preferredChannel: 'sms' }, { optedOut: ['email', 'sms'] })).toEqual({
      decision: 'skip',
      channel: 'sms',
      reason: SKIP_REASONS['opted-out'],
    });
    expect(chooseChannel({ ...ada, phone: null }, { optedOut: ['email'] })).toEqual({ decision: 'skip', channel: 'email', reason: SKIP_REASONS['opted-out'] });
  });

  it('keeps the display name on one line', () => {
    const decision = chooseChannel({ ...ada, givenName: 'Ada\r\nBcc: x@evil.example', familyName: 'Lovelace' }, NO_PREFERENCES);
    expect(decision.decision === 'deliver' && decision.recipientName).toBe('Ada Bcc: x@evil.example Lovelace');
  });
});
