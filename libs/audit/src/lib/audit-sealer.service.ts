import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OutboxWriter } from '@massage/messaging';
import { DueJob, sweepMsFromEnv } from '@massage/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { auditRowHash, type ChainedAuditRow } from './audit-chain';
import { fromAuditRow, type AuditRecordRow } from './audit-record.row';
import { AUDIT_TRAIL_OPTIONS, toAuditRecorded, type AuditTrailOptions } from './audit-trail.service';

/** Rows chained per transaction: one head lock, four statements and one outbox statement per batch. */
export const AUDIT_SEAL_BATCH = 500;

/**
 * Chains recorded audit rows (ADR 0025), every `AUDIT_SEAL_INTERVAL_MS` (200 ms by default): under the head's lock, the waiting rows in record order get the next
 * chain positions and hashes (`auditRowHash`), their links go into `audit_chain`, their `AuditRecorded` events
 * into the outbox, their queue entries are deleted and the head advances, in one transaction. Replicas take
 * turns: a sealer that finds the head locked leaves the work to the one holding it.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditSealer.name);
  private readonly job: DueJob;
  /** Set from a failed run until the next good one: an outage is logged once, not at every sweep. */
  private failing = false;

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
        if (this.failing) this.logger.log('audit sealing works again');
        this.failing = false;
        return sealed === AUDIT_SEAL_BATCH ? new Date() : undefined;
      },
      onError: (error) => {
        if (!this.failing) this.logger.warn(`audit sealing failed, retrying at every sweep: ${error instanceof Error ? error.message : String(error)}`);
        this.failing = true;
      },
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }

  /**
   * Seals everything recorded before the call, waiting for the head when another sealer holds it (tests call it);
   * resolves to the number of rows this sealer sealed.
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
    const [waiting] = (await this.dataSource.query(`SELECT 1 FROM "audit_unsealed" LIMIT 1`)) as unknown[];
    if (!waiting) return 0;
    return this.dataSource.transaction(async (manager) => {
      const [head] = (await manager.query(`SELECT "seq", "hash" FROM "audit_chain_head" WHERE "chain" = 'main' FOR UPDATE${wait ? '' : ' SKIP LOCKED'}`)) as { seq: string; hash: string }[];
      if (!head) return 0;
      const rows = (await manager.query(
        `SELECT r.* FROM "audit_unsealed" u JOIN "audit_record" r ON r."seq" = u."record_seq" ORDER BY u."record_seq" LIMIT $1`,
        [limit],
      )) as AuditRecordRow[];
      if (rows.length === 0) return 0;
      let prevHash = head.hash;
      const links = rows.map((r, i): ChainedAuditRow & { recordSeq: number } => {
        const content = { ...fromAuditRow(r), seq: Number(head.seq) + i + 1 };
        const hash = auditRowHash(prevHash, content);
        const link = { ...content, recordSeq: Number(r.seq), prevHash, hash };
        prevHash = hash;
        return link;
      });
      await this.append(manager, links);
      return links.length;
    });
  }

  private async append(manager: EntityManager, links: readonly (ChainedAuditRow & { recordSeq: number })[]): Promise<void> {
    await manager.query(
      `WITH "link" AS (
         INSERT INTO "audit_chain" ("seq", "record_seq", "prev_hash", "hash")
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) RETURNING "record_seq"
       )
       DELETE FROM "audit_unsealed" u USING "link" WHERE u."record_seq" = "link"."record_seq"`,
      [links.map((l) => l.seq), links.map((l) => l.recordSeq), links.map((l) => l.prevHash), links.map((l) => l.hash)],
    );
    await this.outbox.enqueueMany(
      manager,
      this.options.event,
      links.map((l) => ({ payload: toAuditRecorded(l), meta: l.correlationId ? { correlationId: l.correlationId } : {} })),
    );
    // Separate from the links' insert: the head's trigger must see them, which a sibling CTE's insert would hide.
    const last = links.at(-1);
    if (last) await manager.query(`UPDATE "audit_chain_head" SET "seq" = $1, "hash" = $2 WHERE "chain" = 'main'`, [last.seq, last.hash]);
  }
}
