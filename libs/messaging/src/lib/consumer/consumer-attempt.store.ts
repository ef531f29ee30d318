import type { DataSource, EntityManager } from 'typeorm';
import type { StoredAttempts } from './retry-policy';

/** The first statement of a handler's transaction: its backend pid, its session limits and the event's stored attempts. */
export interface HandlerTransactionStart {
  pid: number;
  stored: StoredAttempts | undefined;
}

/**
 * Sets the transaction's `statement_timeout`, `lock_timeout` and `idle_in_transaction_session_timeout`
 * (`SET LOCAL`, through `set_config(..., true)`) to `limitMs`, and reads `pg_backend_pid()` and the
 * event's `consumer_attempt` row, in one round trip.
 */
export async function startHandlerTransaction(manager: EntityManager, groupId: string, eventId: string, limitMs: number): Promise<HandlerTransactionStart> {
  const rows = (await manager.query(
    `SELECT pg_backend_pid() AS pid,
            set_config('statement_timeout', $3, true) AS statement_timeout,
            set_config('lock_timeout', $3, true) AS lock_timeout,
            set_config('idle_in_transaction_session_timeout', $3, true) AS idle_timeout,
            a."attempts", a."last_error", (extract(epoch FROM a."next_attempt_at") * 1000)::float8 AS next_attempt_ms
       FROM (SELECT 1) AS one
       LEFT JOIN "consumer_attempt" a ON a."consumer_group" = $1 AND a."event_id" = $2`,
    [groupId, eventId, `${Math.ceil(limitMs)}ms`],
  )) as { pid: number; attempts: number | null; last_error: string | null; next_attempt_ms: number | null }[];
  const [row] = rows;
  if (!row) throw new Error('handler transaction prologue returned no row');
  const stored =
    row.attempts === null || row.next_attempt_ms === null
      ? undefined
      : { attempts: row.attempts, lastError: row.last_error, nextAttemptAt: row.next_attempt_ms };
  return { pid: row.pid, stored };
}

/** Records a failed attempt in its own short transaction (autocommit), so it outlives a rebalance, a restart and a kill -9. */
export async function recordFailedAttempt(
  dataSource: DataSource,
  groupId: string,
  eventId: string,
  failure: { attempts: number; error: string; nextAttemptAt: number },
): Promise<void> {
  await dataSource.query(
    `INSERT INTO "consumer_attempt" ("consumer_group", "event_id", "attempts", "last_error", "next_attempt_at", "updated_at")
     VALUES ($1, $2, $3, $4, to_timestamp($5::float8 / 1000), now())
     ON CONFLICT ("consumer_group", "event_id") DO UPDATE
       SET "attempts" = EXCLUDED."attempts", "last_error" = EXCLUDED."last_error",
           "next_attempt_at" = EXCLUDED."next_attempt_at", "updated_at" = now()`,
    [groupId, eventId, failure.attempts, failure.error, failure.nextAttemptAt],
  );
}

/** Forgets an event's attempts: it was applied (in the handler's transaction) or dead-lettered. */
export async function forgetAttempts(db: DataSource | EntityManager, groupId: string, eventId: string): Promise<void> {
  await db.query(`DELETE FROM "consumer_attempt" WHERE "consumer_group" = $1 AND "event_id" = $2`, [groupId, eventId]);
}
