import type { DataSource } from 'typeorm';

/** A handler ran past its consumer's `handlerTimeoutMs`: a failed attempt; its transaction was ended. */
export class HandlerDeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`handler did not finish within its deadline of ${timeoutMs} ms; its transaction was ended`);
    this.name = 'HandlerDeadlineError';
  }
}

/**
 * Runs `work` for at most `timeoutMs`. Past that, calls `onDeadline` (which ends the handler's database
 * session) and rejects with HandlerDeadlineError. `work` cannot be cancelled: it goes on in the
 * background, its later rejection is swallowed, and its queries fail because its session is gone.
 */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, onDeadline: () => Promise<void>): Promise<T> {
  work.catch(() => undefined); // an abandoned handler must not become an unhandled rejection
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), timeoutMs)));
  try {
    const first = await Promise.race([work.then((value) => ({ value })), expired]);
    if (first !== 'expired') return first.value;
  } finally {
    clearTimeout(timer);
  }
  await onDeadline();
  throw new HandlerDeadlineError(timeoutMs);
}

/**
 * Ends the backend `pid` (`pg_terminate_backend`, waiting up to `waitMs` for it to exit) from another
 * connection of the pool: its in-flight statement stops, its transaction rolls back and its row locks
 * go, so the next owner of the partition does not wait on them. Needs the same role as the handler's
 * connection (or pg_signal_backend). Bounded: with an exhausted pool it gives up, and the session's
 * own `idle_in_transaction_session_timeout`/`statement_timeout` end it shortly after.
 */
export async function terminateBackend(dataSource: DataSource, pid: number, waitMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs + 1000)));
  try {
    const terminated = dataSource
      .query(`SELECT pg_terminate_backend($1, $2) AS terminated`, [pid, waitMs])
      .then((rows: { terminated: boolean }[]) => rows[0]?.terminated === true);
    terminated.catch(() => undefined);
    return await Promise.race([terminated, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}
