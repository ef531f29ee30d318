import { backoffDelay, backoffSchedule } from './backoff';

describe('retry backoff', () => {
  it('doubles from the initial wait and stops at the cap', () => {
    expect(backoffSchedule(8, { initialBackoffMs: 200, maxBackoffMs: 5000 })).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('has one wait fewer than attempts, and none for a single attempt', () => {
    expect(backoffSchedule(5, { initialBackoffMs: 10, maxBackoffMs: 1000 })).toEqual([10, 20, 40, 80]);
    expect(backoffSchedule(1, { initialBackoffMs: 10, maxBackoffMs: 1000 })).toEqual([]);
  });

  it('does not overflow for large attempt numbers', () => {
    expect(backoffDelay(10_000, { initialBackoffMs: 200, maxBackoffMs: 5000 })).toBe(5000);
    expect(backoffDelay(0, { initialBackoffMs: 200, maxBackoffMs: 5000 })).toBe(0);
  });
});
