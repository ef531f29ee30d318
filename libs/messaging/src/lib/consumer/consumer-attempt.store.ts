import type { DataSource, EntityManager } from 'typeorm';
import type { StoredAttempts } from './retry-policy';

/** The first statement of a group's transaction: its backend pid, its session limits and the events' stored attempts. */
export interface HandlerTransactionStart {
  pid: number;
  /** By event id: only the events that have a `consumer_attempt` row. */
  stored: Map<string, StoredAttempts>;
}

/**
 * Sets the transaction's `statement_timeout`, `lock_timeout` and `idle_in_transaction_session_timeout`
 * (`SET LOCAL`, through `set_config(..., true)`) to `limitMs`, and reads `pg_backend_pid()` and the
 * `consumer_attempt` rows of every event of the group, in one round trip.
 */
export async function startHandlerTransaction(
  manager: EntityManager,
  groupId: string,
  eventIds: readonly string[],
  limitMs: number,
): Promise<HandlerTransactionStart> {
  const rows = (await manager.query(
    `SELECT pg_backend_pid() AS pid,
            set_config('statement_timeout', $3, true) AS statement_timeout,
            set_config('lock_timeout', $3, true) AS lock_timeout,
            set_config('idle_in_transaction_session_timeout', $3, true) AS idle_timeout,
            (SELECT coalesce(json_agg(json_build_object(
                      'eventId', a."event_id", 'attempts', a."attempts", 'lastError', a."last_error",
                      'nextAttemptAt', (extract(epoch FROM a."next_attempt_at") * 1000)::float8)), '[]'::json)
               FROM "consumer_attempt" a
              WHERE a."consumer_group" = $1 AND a."event_id" = ANY($2::uuid[])) AS attempts`,
    [groupId, eventIds, `${Math.ceil(limitMs)}ms`],
  )) as { pid: number; attempts: (StoredAttempts & { eventId: string })[] }[];
  const [row] = rows;
  if (!row) throw new Error('handler transaction prologue returned no row');
  const stored = new Map(row.attempts.map(({ eventId, ...attempts }) => [eventId, attempts]));
  return { pid: row.pid, stored };
}

/** Inserts the inbox rows of `events` (ON CONFLICT DO NOTHING) in one statement; returns the ids that were new. */
export async function claimInboxRows(manager: EntityManager, groupId: string, events: readonly { id: string; type: string }[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = (await manager.query(
    `INSERT INTO "inbox" ("consumer_group", "event_id", "event_type")
     SELECT $1, e.id, e.type FROM unnest($2::uuid[], $3::text[]) AS e(id, type)
     ON CONFLICT DO NOTHING RETURNING "event_id"`,
    [groupId, events.map((e) => e.id), events.map((e) => e.type)],
  )) as { event_id: string }[];
  return new Set(rows.map((r) => r.event_id));
}

/** Removes inbox rows claimed in this transaction for events that were not applied after all. */
export async function releaseInboxRows(manager: EntityManager, groupId: string, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await manager.query(`DELETE FROM "inbox" WHERE "consumer_group" = $1 AND "event_id" = ANY($2::uuid[])`, [groupId, eventIds]);
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

/** Forgets events' attempts: they were applied (in the handlers' transaction) or dead-lettered. */
export async function forgetAttempts(db: DataSource | EntityManager, groupId: string, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await db.query(`DELETE FROM "consumer_attempt" WHERE "consumer_group" = $1 AND "event_id" = ANY($2::uuid[])`, [groupId, eventIds]);
}
