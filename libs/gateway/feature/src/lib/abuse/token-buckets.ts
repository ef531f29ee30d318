/** Milliseconds since the epoch; tests pass their own clock. */
export type MillisClock = () => number;

export interface Take {
  allowed: boolean;
  /** When refused: whole seconds until one request's worth of tokens is back (the `Retry-After`). */
  retryAfterSeconds: number;
}

/**
 * Token buckets by key (a token, an address): `capacity` requests at once, refilled at `capacity` per
 * `windowMs`. Memory is bounded: full buckets are forgotten, and at most `maxKeys` are tracked (the oldest
 * dropped first), so a flood of distinct keys cannot grow the gateway's heap without limit.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
    private readonly clock: MillisClock = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  take(key: string): Take {
    const now = this.clock();
    const ratePerMs = this.capacity / this.windowMs;
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.buckets.delete(key); // re-inserted last: the map's order is least recently used first
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.remember(key, bucket);
      return { allowed: true, retryAfterSeconds: 0 };
    }
    this.remember(key, bucket);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)) };
  }

  private remember(key: string, bucket: { tokens: number; at: number }): void {
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }
}
