import { TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  it('allows a burst up to the capacity, then refuses with the seconds until one request is back', () => {
    let now = 0;
    const buckets = new TokenBuckets(3, 60_000, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(buckets.take('b').allowed).toBe(true); // keys are independent
    now += 20_000;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('refills no further than the capacity', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 1_000, () => now);
    now += 3_600_000;
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, false]);
  });

  it('tracks a bounded number of keys, forgetting the least recently used', () => {
    const buckets = new TokenBuckets(1, 60_000, () => 0, 2);
    buckets.take('a');
    buckets.take('b');
    buckets.take('c'); // drops a
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('c').allowed).toBe(false);
  });
});
