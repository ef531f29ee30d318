/** Where the consumer reads the time for its due-time logic (tests pass their own). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
