import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { OutboxWriter } from '@massage/messaging';
import { DueJob, sweepMsFromEnv } from '@massage/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { auditRowHash, type ChainedAuditRow } from './audit-chain';
import { fromAuditRow, type AuditRecordRow } from './audit-record.row';
import { AUDIT_TRAIL_OPTIONS, toAuditRecorded, type AuditTrailOptions } from './audit-trail.service';

/** Rows chained per transaction (at most 10,000: each event takes 6 of PostgreSQL's 65,535 bind parameters). */
export const AUDIT_SEAL_BATCH = 500;
/** While sealing keeps failing, the warning is repeated this often (every sweep would flood the log). */
const FAILING_WARN_EVERY_MS = 60_000;

type Link = ChainedAuditRow & { recordSeq: number };

/**
 * The next waiting records, oldest first, each with whether it is already chained. The queue is cut to the batch
 * first, then each record and its link are probed through their unique indexes (LATERAL with LIMIT 1, which
 * PostgreSQL neither hashes nor turns into a join), so a batch costs what it holds, not what the trail holds. The
 * queue churns and its statistics are often stale: as an `EXISTS` in the select list, PostgreSQL hashed the whole of
 * `audit_chain` for every batch (7.4 ms a batch in the booking bench, 66 ms with 60,000 links); as a plain join on
 * a batch it expects to be 500 rows, it hashes a scan of `audit_record`.
 */
export const SEAL_BATCH_READ = `SELECT r.*, ch."chained" IS NOT NULL AS "chained"
  FROM (SELECT "record_seq" FROM "audit_unsealed" ORDER BY "record_seq" LIMIT $1) u
  CROSS JOIN LATERAL (SELECT * FROM "audit_record" WHERE "seq" = u."record_seq" LIMIT 1) r
  LEFT JOIN LATERAL (SELECT true AS "chained" FROM "audit_chain" c WHERE c."record_seq" = u."record_seq" LIMIT 1) ch ON true
  ORDER BY u."record_seq"`;

/**
 * Chains recorded audit rows (ADR 0025), every `AUDIT_SEAL_INTERVAL_MS` (200 ms by default): under the head's
 * lock, the waiting rows in record order get the next chain positions and hashes (`auditRowHash`), their links go
 * into `audit_chain`, their `AuditRecorded` events into the outbox, their queue entries are deleted and the head
 * advances, in one transaction. Replicas take turns: a sealer that finds the head locked leaves the work to the one
 * holding it.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditSealer.name);
  private readonly job: DueJob;
  /** When sealing started failing and when that was last said, until the next good run. */
  private failing: { since: number; warnedAt: number } | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(AUDIT_TRAIL_OPTIONS) private readonly options: AuditTrailOptions,
  ) {
    // Not the service's business clock: sealing is plumbing, and tests that freeze time still see rows sealed.
    this.job = new DueJob({
      name: 'audit-sealer',
      sweepMs: sweepMsFromEnv('AUDIT_SEAL_INTERVAL_MS', 200),
      runDue: async () => {
        const sealed = await this.sealBatch();
        if (this.failing) this.logger.log(`audit sealing works again after ${Math.round((Date.now() - this.failing.since) / 1000)} s`);
        this.failing = undefined;
        return sealed === AUDIT_SEAL_BATCH ? new Date() : undefined;
      },
      onError: (error) => this.failed(error),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  /** Stops sweeping, then seals what the last requests recorded, while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
    await this.sealAll().catch((error: unknown) => this.failed(error));
  }

  /**
   * Seals everything recorded before the call, waiting for the head when another sealer holds it (tests and the
   * shutdown call it); resolves to the number of rows this sealer sealed.
   */
  async sealAll(): Promise<number> {
    let sealed = 0;
    for (;;) {
      const n = await this.sealBatch(AUDIT_SEAL_BATCH, { wait: true });
      sealed += n;
      if (n < AUDIT_SEAL_BATCH) return sealed;
    }
  }

  /**
   * One batch. Without `wait`, 0 when another sealer holds the head: what it did not take is left to the next
   * sweep (the background job's way, so replicas never queue on each other).
   */
  async sealBatch(limit = AUDIT_SEAL_BATCH, { wait = false } = {}): Promise<number> {
    const [waiting] = (await this.dataSource.query(`SELECT 1 FROM "audit_unsealed" ORDER BY "record_seq" LIMIT 1`)) as unknown[];
    if (!waiting) return 0;
    // READ COMMITTED, pinned: after the head's lock, each statement sees what the previous sealer committed.
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const [head] = (await manager.query(`SELECT "seq", "hash" FROM "audit_chain_head" WHERE "chain" = 'main' FOR UPDATE${wait ? '' : ' SKIP LOCKED'}`)) as { seq: string; hash: string }[];
      if (!head) return 0;
      // A queue entry of a record already chained (written by hand: a writer never does) is only dropped.
      const rows = (await manager.query(SEAL_BATCH_READ, [Math.min(limit, 10_000)])) as (AuditRecordRow & { chained: boolean })[];
      let prevHash = head.hash;
      let seq = Number(head.seq);
      const links: Link[] = [];
      for (const r of rows.filter((row) => !row.chained)) {
        seq += 1;
        const content = { ...fromAuditRow(r), seq };
        const hash = auditRowHash(prevHash, content);
        links.push({ ...content, recordSeq: Number(r.seq), prevHash, hash });
        prevHash = hash;
      }
      await this.append(manager, links, rows.filter((row) => row.chained).map((row) => Number(row.seq)));
      return rows.length;
    });
  }

  private async append(manager: EntityManager, links: readonly Link[], alreadyChained: readonly number[]): Promise<void> {
    await manager.query(
      `WITH "link" AS (
         INSERT INTO "audit_chain" ("seq", "record_seq", "prev_hash", "hash")
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) RETURNING "record_seq"
       )
       DELETE FROM "audit_unsealed" u WHERE u."record_seq" IN (SELECT "record_seq" FROM "link") OR u."record_seq" = ANY($5::bigint[])`,
      [links.map((l) => l.seq), links.map((l) => l.recordSeq), links.map((l) => l.prevHash), links.map((l) => l.hash), alreadyChained],
    );
    const last = links.at(-1);
    if (!last) return;
    await this.outbox.enqueueMany(
      manager,
      this.options.event,
      links.map((l) => ({ payload: toAuditRecorded(l), meta: l.correlationId ? { correlationId: l.correlationId } : {} })),
    );
    // Separate from the links' insert: the head's trigger must see them, which a sibling CTE's insert would hide.
    await manager.query(`UPDATE "audit_chain_head" SET "seq" = $1, "hash" = $2 WHERE "chain" = 'main'`, [last.seq, last.hash]);
  }

  /** Logs a failed run: at once, then every minute while it keeps failing (rows wait unsealed meanwhile). */
  private failed(error: unknown): void {
    const now = Date.now();
    const message = error instanceof Error ? error.message : String(error);
    if (!this.failing) {
      this.failing = { since: now, warnedAt: now };
      this.logger.warn(`audit sealing failed, retrying at every sweep (rows wait unsealed meanwhile): ${message}`);
    } else if (now - this.failing.warnedAt >= FAILING_WARN_EVERY_MS) {
      this.failing.warnedAt = now;
      this.logger.warn(`audit sealing still failing after ${Math.round((now - this.failing.since) / 1000)} s: ${message}`);
    }
  }
}
