import { afterTransientFailure, appointmentMessageId, appointmentMessageKey, isReminderKind, noticeIsFresh, staleReason, templateOf } from './scheduled-message';

const appointmentId = '0b6f7c1e-7d2a-4a8e-9a55-3f1d2c4b5a69';
const eventId = '5c1d0e9a-1b2c-4d3e-8f70-6a5b4c3d2e1f';

describe('scheduled appointment messages', () => {
  it('keys a reminder by its start, a notice by its event; the Message-ID follows the key', () => {
    const at = new Date('2026-06-10T13:00:00Z');
    const reminder = appointmentMessageKey({ appointmentId, kind: 'reminder-24h', channel: 'email', startsAt: at });
    expect(reminder).toBe(`reminder-24h.email.${appointmentId}.start-${at.getTime()}`);
    expect(appointmentMessageKey({ appointmentId, kind: 'reminder-24h', channel: 'email', startsAt: new Date(at.getTime() + 3_600_000) })).not.toBe(reminder);
    expect(appointmentMessageKey({ appointmentId, kind: 'booking-confirmed', channel: 'email', startsAt: at, eventId })).toBe(`booking-confirmed.email.${appointmentId}.event-${eventId}`);
    expect(() => appointmentMessageKey({ appointmentId, kind: 'booking-cancelled', channel: 'email', startsAt: at })).toThrow(/Not an id/);
    expect(appointmentMessageId(reminder)).toBe(`<${reminder}@massage.example>`);
  });

  it('maps kinds to templates', () => {
    expect(['reminder-24h', 'reminder-90m', 'pre-visit-check', 'booking-confirmed'].map((k) => templateOf(k as never))).toEqual(['reminder', 'reminder', 'pre-visit-check', 'booking-confirmed']);
  });

  it('a message applies only to the appointment as it stands, and only before its start', () => {
    const at = new Date('2026-06-10T13:00:00Z');
    const moved = new Date('2026-06-11T13:00:00Z');
    const before = new Date('2026-06-10T12:00:00Z');
    expect(staleReason('reminder-2h', at, { status: 'booked', startsAt: at }, before)).toBeUndefined();
    expect(staleReason('reminder-2h', at, { status: 'booked', startsAt: moved }, before)).toBe('appointment-moved');
    expect(staleReason('reminder-2h', at, { status: 'cancelled', startsAt: at }, before)).toBe('appointment-cancelled');
    expect(staleReason('reminder-2h', at, { status: 'booked', startsAt: at }, at)).toBe('start-passed');
    expect(staleReason('booking-cancelled', at, { status: 'cancelled', startsAt: at }, before)).toBeUndefined();
    expect(staleReason('booking-cancelled', at, { status: 'booked', startsAt: at }, before)).toBe('appointment-moved');
    expect(staleReason('booking-confirmed', at, null, before)).toBe('appointment-cancelled');
    expect([isReminderKind('reminder-90m'), isReminderKind('pre-visit-check'), isReminderKind('booking-confirmed')]).toEqual([true, true, false]);
  });

  it('retries a transient failure with a doubling, capped backoff, then gives up', () => {
    const now = new Date('2026-06-10T10:00:00Z');
    const policy = { maxAttempts: 4, initialBackoffMs: 1_000, maxBackoffMs: 3_000 };
    expect(afterTransientFailure(1, now, policy)).toEqual({ retryAt: new Date(now.getTime() + 1_000) });
    expect(afterTransientFailure(2, now, policy)).toEqual({ retryAt: new Date(now.getTime() + 2_000) });
    expect(afterTransientFailure(3, now, policy)).toEqual({ retryAt: new Date(now.getTime() + 3_000) });
    expect(afterTransientFailure(4, now, policy)).toBe('give-up');
  });
});

describe('noticeIsFresh', () => {
  const changedAt = new Date('2026-12-01T10:00:00Z');
  it('sends the notice of a change up to a day old, and not an older one (a replayed history)', () => {
    expect(noticeIsFresh(changedAt, new Date('2026-12-01T10:00:00Z'))).toBe(true);
    expect(noticeIsFresh(changedAt, new Date('2026-12-02T10:00:00Z'))).toBe(true);
    expect(noticeIsFresh(changedAt, new Date('2026-12-02T10:00:00.001Z'))).toBe(false);
  });
  it('treats a change stamped after now (clock skew between services) as fresh', () => {
    expect(noticeIsFresh(new Date('2026-12-01T10:05:00Z'), new Date('2026-12-01T10:00:00Z'))).toBe(true);
  });
});
