import type { DataSource, DataSourceOptions } from 'typeorm';
import { OUTBOX_CHANNEL } from '../outbox/outbox.constants';
import { parseToolFlags, positiveIntFlag, subCommand } from './tool-args';
import { withDataSource } from './with-data-source';

export const PARKED_OUTBOX_USAGE = ['usage: main.js outbox parked [--limit N]', '       main.js outbox retry (--id ID | --all)'].join('\n');

/** An outbox row the relay gave up on (parked after its tries): later rows of the same key wait behind it. */
export interface ParkedOutboxRow {
  seq: string;
  id: string;
  type: string;
  topic: string;
  key: string;
  attempts: number;
  lastError: string | null;
  parkedAt: Date;
}

const COLUMNS = `"seq"::text AS "seq", "id", "type", "topic", "key", "attempts", "last_error" AS "lastError", "parked_at" AS "parkedAt"`;
const PARKED = `"parked_at" IS NOT NULL AND "published_at" IS NULL`;

/** Parked, unpublished rows in publish order (`seq`), at most `limit`. */
export async function listParkedOutboxRows(dataSource: DataSource, limit = 100): Promise<ParkedOutboxRow[]> {
  return (await dataSource.query(`SELECT ${COLUMNS} FROM "outbox" WHERE ${PARKED} ORDER BY "seq" LIMIT $1`, [limit])) as ParkedOutboxRow[];
}

/** How many rows are parked now. */
export async function countParkedOutboxRows(dataSource: DataSource): Promise<number> {
  const [row] = (await dataSource.query(`SELECT count(*)::int AS "n" FROM "outbox" WHERE ${PARKED}`)) as { n: number }[];
  return row?.n ?? 0;
}

/**
 * Unparks one row (`{ id }`) or every parked row (`{ all: true }`): `parked_at = NULL, attempts = 0`, so the
 * relay tries it again from scratch, and wakes the relay (NOTIFY, delivered on commit). Resolves with the
 * rows it released; `{ id }` of a row that is not parked (unknown, published or never parked) is an error.
 */
export async function retryParkedOutboxRows(dataSource: DataSource, target: { id: string } | { all: true }): Promise<ParkedOutboxRow[]> {
  return dataSource.transaction(async (manager) => {
    const byId = 'id' in target;
    const [rows] = (await manager.query(
      `UPDATE "outbox" SET "parked_at" = NULL, "attempts" = 0 WHERE ${PARKED}${byId ? ` AND "id"::text = $1` : ''} RETURNING ${COLUMNS}`,
      byId ? [target.id] : [],
    )) as [ParkedOutboxRow[], number];
    if (byId && rows.length === 0) throw new Error(`no parked outbox row with id ${target.id} (see \`main.js outbox parked\`)`);
    if (rows.length > 0) await manager.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    return [...rows].sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)));
  });
}

export function formatParkedOutboxRows(rows: readonly ParkedOutboxRow[]): string {
  if (rows.length === 0) return 'no parked outbox rows';
  const lines = rows.map(
    (r) =>
      `seq ${r.seq}  id ${r.id}  type ${r.type}  topic ${r.topic}  key ${r.key}  attempts ${r.attempts}  parked ${new Date(r.parkedAt).toISOString()}\n` +
      `    last error: ${r.lastError ?? '-'}`,
  );
  return [...lines, `${rows.length} parked row(s)`].join('\n');
}

/**
 * `main.js outbox parked|retry …` for a service with an outbox: `commands: { outbox: parkedOutboxCommand(<its DataSource options>) }`.
 */
export function parkedOutboxCommand(dataSourceOptions: () => DataSourceOptions): (args: string[]) => Promise<string> {
  return async (args) => {
    const { sub, rest } = subCommand(args, ['parked', 'retry'] as const, PARKED_OUTBOX_USAGE);
    if (sub === 'parked') {
      const flags = parseToolFlags(rest, { limit: { type: 'string' } }, PARKED_OUTBOX_USAGE);
      const limit = positiveIntFlag('limit', flags.limit, 100, PARKED_OUTBOX_USAGE);
      return withDataSource(dataSourceOptions(), async (ds) => {
        const [rows, total] = await Promise.all([listParkedOutboxRows(ds, limit), countParkedOutboxRows(ds)]);
        return rows.length < total ? `${formatParkedOutboxRows(rows)} shown of ${total}` : formatParkedOutboxRows(rows);
      });
    }
    const flags = parseToolFlags(rest, { id: { type: 'string' }, all: { type: 'boolean' } }, PARKED_OUTBOX_USAGE);
    if ((flags.id !== undefined) === (flags.all === true)) throw new Error(`retry needs exactly one of --id or --all\n${PARKED_OUTBOX_USAGE}`);
    const target = flags.id !== undefined ? { id: flags.id } : { all: true as const };
    return withDataSource(dataSourceOptions(), async (ds) => {
      const rows = await retryParkedOutboxRows(ds, target);
      if (rows.length === 0) return 'no parked outbox rows';
      return [...rows.map((r) => `released seq ${r.seq}  id ${r.id}  type ${r.type}  key ${r.key}`), `${rows.length} row(s) released: the relay publishes them next`].join('\n');
    });
  };
}
