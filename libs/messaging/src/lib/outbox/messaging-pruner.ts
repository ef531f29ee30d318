import type { DataSource } from 'typeorm';

export interface PruneRetention {
  /**
   * Published outbox rows older than this go (they are on Kafka; the table keeps recent history for
   * troubleshooting). Default 7 days; 0 keeps them forever.
   */
  publishedRetentionMs?: number;
  /**
   * Handled inbox rows older than this go. Default 30 days; 0 keeps them forever. It must be longer
   * than any topic's retention (7 days here): an inbox row is what makes a redelivered or replayed
   * event a no-op, and an event can come back for as long as its topic keeps it (a consumer group
   * reset to the earliest offset, a DLQ replay). Pruning it earlier would apply that event twice.
   */
  handledInboxRetentionMs?: number;
  /** Rows per DELETE statement (each its own short transaction). Default 1000. */
  batchSize?: number;
}

export const DEFAULT_PUBLISHED_RETENTION_MS = 7 * 24 * 3600 * 1000;
export const DEFAULT_HANDLED_INBOX_RETENTION_MS = 30 * 24 * 3600 * 1000;

export interface PruneResult {
  outbox: number;
  inbox: number;
}

/**
 * Deletes published `outbox` rows and handled `inbox` rows past their retention, a small batch per
 * statement so no statement holds locks or the table for long, using the `published_at` and
 * `handled_at` indexes. Unpublished outbox rows (parked ones included) are never touched.
 */
export class MessagingPruner {
  private readonly publishedRetentionMs: number;
  private readonly handledInboxRetentionMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly dataSource: DataSource,
    retention: PruneRetention = {},
  ) {
    this.publishedRetentionMs = retention.publishedRetentionMs ?? DEFAULT_PUBLISHED_RETENTION_MS;
    this.handledInboxRetentionMs = retention.handledInboxRetentionMs ?? DEFAULT_HANDLED_INBOX_RETENTION_MS;
    this.batchSize = retention.batchSize ?? 1000;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new Error('prune batchSize must be a positive integer');
  }

  /** Both tables, batch after batch, until nothing is left past the retention or `stopping()` says so. */
  async prune(stopping: () => boolean = () => false): Promise<PruneResult> {
    const outbox = await this.pruneOutbox(stopping);
    const inbox = stopping() ? 0 : await this.pruneInbox(stopping);
    return { outbox, inbox };
  }

  pruneOutbox(stopping: () => boolean = () => false): Promise<number> {
    return this.inBatches(
      this.publishedRetentionMs,
      `DELETE FROM "outbox" WHERE "id" IN (
         SELECT "id" FROM "outbox"
         WHERE "published_at" IS NOT NULL AND "published_at" < now() - make_interval(secs => $1)
         LIMIT $2)`,
      stopping,
    );
  }

  pruneInbox(stopping: () => boolean = () => false): Promise<number> {
    return this.inBatches(
      this.handledInboxRetentionMs,
      `DELETE FROM "inbox" WHERE ("consumer_group", "event_id") IN (
         SELECT "consumer_group", "event_id" FROM "inbox"
         WHERE "handled_at" < now() - make_interval(secs => $1)
         LIMIT $2)`,
      stopping,
    );
  }

  private async inBatches(retentionMs: number, deleteSql: string, stopping: () => boolean): Promise<number> {
    if (retentionMs <= 0) return 0;
    let total = 0;
    for (;;) {
      const [row] = (await this.dataSource.query(`WITH pruned AS (${deleteSql} RETURNING 1) SELECT count(*)::int AS "n" FROM pruned`, [
        retentionMs / 1000,
        this.batchSize,
      ])) as { n: number }[];
      const deleted = row?.n ?? 0;
      total += deleted;
      if (deleted < this.batchSize || stopping()) return total;
    }
  }
}
