import { afterFailure, beforeAttempt } from './retry-policy';

const policy = { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 1000 };
const now = Date.parse('2026-11-30T12:00:00.000Z');

describe('retry policy (persisted attempts)', () => {
  it('runs a record with no stored attempts as attempt 1', () => {
    expect(beforeAttempt(undefined, now, policy)).toEqual({ kind: 'run', attempt: 1 });
  });

  it('waits until next_attempt_at, then runs the attempt after the stored ones', () => {
    const stored = { attempts: 2, lastError: 'boom', nextAttemptAt: now + 500 };
    expect(beforeAttempt(stored, now, policy)).toEqual({ kind: 'wait', until: now + 500 });
    expect(beforeAttempt(stored, now + 500, policy)).toEqual({ kind: 'run', attempt: 3 });
  });

  it('dead-letters at once a record whose attempts are used up (recorded before a crash)', () => {
    expect(beforeAttempt({ attempts: 3, lastError: 'boom', nextAttemptAt: now + 60_000 }, now, policy)).toEqual({
      kind: 'exhausted',
      attempts: 3,
      lastError: 'boom',
    });
  });

  it('schedules the next attempt after the backoff, and dead-letters after maxAttempts', () => {
    expect(afterFailure(1, now, policy)).toEqual({ kind: 'retry', attempt: 1, nextAttemptAt: now + 100, waitMs: 100 });
    expect(afterFailure(2, now, policy)).toEqual({ kind: 'retry', attempt: 2, nextAttemptAt: now + 200, waitMs: 200 });
    expect(afterFailure(3, now, policy)).toEqual({ kind: 'dead-letter', attempt: 3 });
  });
});
