import { backoffDelay } from './backoff';

/** What `consumer_attempt` holds for one event of one group: its failed attempts so far. */
export interface StoredAttempts {
  attempts: number;
  lastError: string | null;
  /** Epoch ms. */
  nextAttemptAt: number;
}

export interface RetryPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/** What to do with a record before running its handler. */
export type BeforeAttempt =
  | { kind: 'run'; attempt: number }
  | { kind: 'wait'; until: number }
  /** Every attempt failed already (the process died before the dead letter was sent): dead-letter it now. */
  | { kind: 'exhausted'; attempts: number; lastError: string };

/** What to do after the handler's attempt number `attempt` failed. */
export type AfterFailure = { kind: 'retry'; attempt: number; nextAttemptAt: number; waitMs: number } | { kind: 'dead-letter'; attempt: number };

export function beforeAttempt(stored: StoredAttempts | undefined, now: number, policy: Pick<RetryPolicy, 'maxAttempts'>): BeforeAttempt {
  if (!stored) return { kind: 'run', attempt: 1 };
  if (stored.attempts >= policy.maxAttempts) {
    return { kind: 'exhausted', attempts: stored.attempts, lastError: stored.lastError ?? 'failed in an earlier run' };
  }
  if (stored.nextAttemptAt > now) return { kind: 'wait', until: stored.nextAttemptAt };
  return { kind: 'run', attempt: stored.attempts + 1 };
}

export function afterFailure(attempt: number, now: number, policy: RetryPolicy): AfterFailure {
  if (attempt >= policy.maxAttempts) return { kind: 'dead-letter', attempt };
  const waitMs = backoffDelay(attempt, policy);
  return { kind: 'retry', attempt, nextAttemptAt: now + waitMs, waitMs };
}
