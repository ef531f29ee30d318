import fc from 'fast-check';
import { channelUnavailable, hasAddress, messageChannels, type MessagePreferences } from './channel-choice';
import type { NotificationChannel, NotificationContact } from './contact';
import { DEFAULT_NOTIFICATION_SETTINGS, settingsForClient } from './reminders/reminder-plan';

const both = { email: 'ada@example.com', phone: '+14165550100' };
const none: MessagePreferences = { optedOut: [], quietHoursOptOut: false };

describe('messageChannels', () => {
  it('sends a notice on every reachable channel, the preferred one first', () => {
    expect(messageChannels({ ...both, preferredChannel: 'email' }, none, 'notice')).toEqual({ send: ['email', 'sms'] });
    expect(messageChannels({ ...both, preferredChannel: 'sms' }, none, 'notice')).toEqual({ send: ['sms', 'email'] });
  });

  it('sends a reminder on the preferred channel only', () => {
    expect(messageChannels({ ...both, preferredChannel: 'sms' }, none, 'reminder')).toEqual({ send: ['sms'] });
    expect(messageChannels({ ...both, preferredChannel: 'email' }, none, 'reminder')).toEqual({ send: ['email'] });
  });

  it('falls back to the other channel when the preferred one is opted out or has no address', () => {
    expect(messageChannels({ ...both, preferredChannel: 'email' }, { optedOut: ['email'] }, 'reminder')).toEqual({ send: ['sms'] });
    expect(messageChannels({ ...both, phone: null, preferredChannel: 'sms' }, none, 'reminder')).toEqual({ send: ['email'] });
    expect(messageChannels({ ...both, phone: '416 555 0100', preferredChannel: 'sms' }, none, 'notice')).toEqual({ send: ['email'] });
  });

  it('says opted-out when every channel with an address was refused, no-channel when none has one', () => {
    expect(messageChannels({ ...both, preferredChannel: 'email' }, { optedOut: ['email', 'sms'] }, 'notice')).toEqual({ send: [], unavailable: 'opted-out' });
    expect(messageChannels({ email: ' ', phone: null, preferredChannel: 'email' }, none, 'reminder')).toEqual({ send: [], unavailable: 'no-channel' });
    expect(messageChannels({ email: null, phone: '+14165550100', preferredChannel: 'email' }, { optedOut: ['sms'] }, 'reminder')).toEqual({ send: [], unavailable: 'opted-out' });
  });

  it('names why one channel cannot be used', () => {
    expect(channelUnavailable(both, { optedOut: ['sms'] }, 'sms')).toBe('opted-out');
    expect(channelUnavailable({ ...both, email: null }, { optedOut: ['email'] }, 'email')).toBe('no-channel');
    expect(channelUnavailable(both, { optedOut: ['sms'] }, 'email')).toBeUndefined();
  });

  const channel = fc.constantFrom<NotificationChannel>('email', 'sms');
  const contact: fc.Arbitrary<Pick<NotificationContact, 'email' | 'phone' | 'preferredChannel'>> = fc.record({
    email: fc.option(fc.constantFrom('ada@example.com', '', '  ', 'x@y.example'), { nil: null }),
    phone: fc.option(fc.constantFrom('+14165550100', '+447700900123', '4165550100', '', '+0123'), { nil: null }),
    preferredChannel: channel,
  });
  const preferences = fc.record({ optedOut: fc.uniqueArray(channel, { maxLength: 2 }) });

  it('never picks an opted-out channel or one without an address; picks something whenever a channel is usable', () => {
    fc.assert(
      fc.property(contact, preferences, fc.constantFrom('notice' as const, 'reminder' as const), (c, p, purpose) => {
        const plan = messageChannels(c, p, purpose);
        for (const picked of plan.send) {
          expect(p.optedOut).not.toContain(picked);
          expect(hasAddress(c, picked)).toBe(true);
        }
        const usable = (['email', 'sms'] as const).filter((ch) => hasAddress(c, ch) && !p.optedOut.includes(ch));
        expect(plan.send.length > 0).toBe(usable.length > 0);
        if (purpose === 'reminder') expect(plan.send.length).toBeLessThanOrEqual(1);
        if (purpose === 'notice') expect([...plan.send].sort()).toEqual([...usable].sort());
        if (usable.includes(c.preferredChannel)) expect(plan.send[0]).toBe(c.preferredChannel);
      }),
    );
  });
});

describe('settingsForClient', () => {
  it('drops the quiet hours only for a client who chose to receive messages in them', () => {
    expect(settingsForClient(DEFAULT_NOTIFICATION_SETTINGS, { quietHoursOptOut: false })).toBe(DEFAULT_NOTIFICATION_SETTINGS);
    expect(settingsForClient(DEFAULT_NOTIFICATION_SETTINGS, { quietHoursOptOut: true })).toEqual({ ...DEFAULT_NOTIFICATION_SETTINGS, quietHours: null });
  });
});
