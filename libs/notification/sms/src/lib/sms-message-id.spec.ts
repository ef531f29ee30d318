import fc from 'fast-check';
import { SMS_MESSAGE_ID_PREFIX, smsMessageId } from './sms-message-id';

describe('smsMessageId (the provider idempotency key)', () => {
  it('is the same for the same message key, so every redelivery, restart and replica sends the same id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (key) => {
        expect(smsMessageId(key)).toBe(smsMessageId(`${key}`));
      }),
    );
  });

  it('differs between message keys (event, channel or template differ)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        fc.pre(a !== b);
        expect(smsMessageId(a)).not.toBe(smsMessageId(b));
      }),
    );
    expect(smsMessageId('evt-1:sms:booking-confirmation')).not.toBe(smsMessageId('evt-1:sms:reminder-24h'));
  });

  it('is short, URL- and file-safe, and reveals nothing of the key', () => {
    const id = smsMessageId('AppointmentBooked:5d1c…:sms:booking-confirmation');
    expect(id).toMatch(new RegExp(`^${SMS_MESSAGE_ID_PREFIX}[0-9a-f]{32}$`));
    expect(id).not.toContain('AppointmentBooked');
  });

  it('refuses an empty key', () => {
    expect(() => smsMessageId('')).toThrow(/non-empty/);
  });
});
