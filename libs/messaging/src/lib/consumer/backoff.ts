export interface BackoffOptions {
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * The wait before retry number `attempt + 1`, after `attempt` failed attempts (attempt ≥ 1):
 * initial · 2^(attempt-1), capped at max. Deterministic (no jitter): a consumer retries one message
 * of one partition at a time, so there is no herd to spread out.
 */
export function backoffDelay(attempt: number, { initialBackoffMs, maxBackoffMs }: BackoffOptions): number {
  if (attempt < 1) return 0;
  const exp = Math.min(attempt - 1, 30);
  return Math.min(maxBackoffMs, initialBackoffMs * 2 ** exp);
}

/** The waits between the attempts of one message: maxAttempts - 1 entries. */
export function backoffSchedule(maxAttempts: number, opts: BackoffOptions): number[] {
  return Array.from({ length: Math.max(0, maxAttempts - 1) }, (_, i) => backoffDelay(i + 1, opts));
}
