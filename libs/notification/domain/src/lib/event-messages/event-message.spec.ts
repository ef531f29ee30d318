import { eventMessageKey, eventMessageSubject, isEventMessageKind, waitsOutQuietHours } from './event-message';

describe('event messages', () => {
  it('keys a message by what it is about, kind and channel (no event id: a second copy of the event finds the same)', () => {
    const subject = eventMessageSubject(['8F1C0A52-0E8B-4C1B-9B51-3C3A3E0B6F10']);
    expect(eventMessageKey('after-care', 'email', subject)).toBe('after-care.email.8f1c0a52-0e8b-4c1b-9b51-3c3a3e0b6f10');
    expect(eventMessageSubject(['a1', 'CA-ON', '2027-01-31', 'downtown'])).toBe('a1.ca-on.2027-01-31.downtown');
  });

  it('refuses subjects that would not make a Message-ID', () => {
    expect(() => eventMessageSubject([])).toThrow();
    expect(() => eventMessageSubject(['a b'])).toThrow();
    expect(() => eventMessageSubject(['a@b'])).toThrow();
  });

  it('after-care and reminders wait out quiet hours; offers, letters and notices do not', () => {
    expect(['after-care', 'reminder-24h', 'pre-visit-check'].map(waitsOutQuietHours)).toEqual([true, true, true]);
    expect(['waitlist-offer', 'clearance-request', 'licence-expiring', 'booking-confirmed'].map(waitsOutQuietHours)).toEqual([false, false, false, false]);
  });

  it('knows its kinds', () => {
    expect(isEventMessageKind('waitlist-offer')).toBe(true);
    expect(isEventMessageKind('reminder-2h')).toBe(false);
  });
});
