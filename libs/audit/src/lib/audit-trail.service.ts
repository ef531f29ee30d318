import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_CODE_PATTERN, LOCATION_CODE_PATTERN, UUID_PATTERN, type AuditRecordedV1, type EventDefinition } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import type { AccessRefusalRecorder, Actor, RefusedRoute } from '@massage/security';
import { DataSource, type EntityManager } from 'typeorm';
import { AUDIT_CONTENT_COLUMNS, auditRowHash, auditRowValues, canonicalAuditRowAfterSeq, GENESIS_HASH, type AuditRowContent, type ChainedAuditRow } from './audit-chain';
import { fromAuditRow, type AuditRecordRow } from './audit-record.row';

/** Injection token of the service's audit trail (the `AuditTrail` below); also provided as ACCESS_REFUSAL_RECORDER. */
export const AUDIT_TRAIL = 'AUDIT_TRAIL';

export interface AuditTrailOptions {
  /** The event every row is copied to, on the private audit topic (e.g. `IntakeAuditRecorded`). */
  event: EventDefinition<AuditRecordedV1>;
  /** The clock rows are stamped with. */
  now?: () => Date;
}
export const AUDIT_TRAIL_OPTIONS = 'AUDIT_TRAIL_OPTIONS';

/**
 * What happened, by whom, to which record: the fields of the audit event that the caller supplies (the
 * chain adds id, seq, hashes and time). Codes and ids only: the row is copied to Kafka. `actor` is
 * undefined when the caller could not be identified at all (a refused, unauthenticated call).
 */
export type AuditEntry = Omit<AuditRecordedV1, 'auditId' | 'seq' | 'hash' | 'prevHash' | 'recordedAt' | 'actor'> & {
  actor: Actor | undefined;
};

/** Thrown when `record` is called outside a transaction: the row would not be atomic with the write it audits. */
export class AuditTransactionRequiredError extends Error {
  constructor() {
    super('AuditTrail.record needs the EntityManager of an open transaction; use recordNow for a read');
    this.name = 'AuditTransactionRequiredError';
  }
}

const INSERT_COLUMNS = [...AUDIT_CONTENT_COLUMNS, 'prev_hash', 'hash'];
/**
 * The head locked and the next row appended from it: `$1`… the row's columns after `seq`, then its canonical text
 * after `[seq,` (`canonicalAuditRowAfterSeq`), completed here with the head's next seq into the hashed text
 * (`auditRowHash`: sha256 of prev_hash, "\n", the canonical row).
 */
const AFTER_SEQ = AUDIT_CONTENT_COLUMNS.slice(1);
const APPEND_ROW = `"head" AS (SELECT "seq" + 1 AS "seq", "hash" FROM "audit_chain_head" WHERE "chain" = 'main' FOR UPDATE),
  "audit_row" AS (
    INSERT INTO "audit_record" (${INSERT_COLUMNS.map((c) => `"${c}"`).join(', ')})
    VALUES ((SELECT "seq" FROM "head"), ${AFTER_SEQ.map((_, i) => `$${i + 1}`).join(', ')}, (SELECT "hash" FROM "head"),
      (SELECT encode(sha256(convert_to("hash" || E'\\n[' || "seq"::text || ',' || $${AFTER_SEQ.length + 1}::text, 'UTF8')), 'hex') FROM "head"))
    RETURNING "seq", "prev_hash", "hash")`;

const CODE = new RegExp(AUDIT_CODE_PATTERN);
const UUID = new RegExp(UUID_PATTERN);
const LOCATION = new RegExp(LOCATION_CODE_PATTERN);

/** A free-form reason (a guard's message) made into a code, so no free text reaches the table or the topic. */
export function toAuditCode(value: string): string {
  const code = value
    .toLowerCase()
    .replace(/[^a-z0-9._:-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return code === '' ? 'unspecified' : code;
}

/**
 * The service's audit trail (ADR 0008). Each row is appended under the lock of the one-row chain head
 * (so concurrent writers queue instead of forking the chain), carries the hash of the previous row,
 * and is enqueued on the outbox in the same transaction.
 */
@Injectable()
export class AuditTrail implements AccessRefusalRecorder {
  private readonly now: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(AUDIT_TRAIL_OPTIONS) private readonly options: AuditTrailOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Appends a row in the caller's transaction: the audit of a write commits or rolls back with it.
   * Call it last in the transaction: the chain head stays locked until commit.
   */
  async record(manager: EntityManager, entry: AuditEntry): Promise<ChainedAuditRow> {
    if (!manager.queryRunner?.isTransactionActive) throw new AuditTransactionRequiredError();
    // Locking the head, appending the row (seq and hashes completed in SQL from the locked head) and its
    // AuditRecorded outbox row are one statement: the head is locked for that statement, the head's UPDATE and COMMIT.
    // The UPDATE stays separate: the head's trigger must see the appended row, which a sibling CTE's insert would hide.
    const content = this.contentOf(1, entry);
    const values = [...auditRowValues(content).slice(1), canonicalAuditRowAfterSeq(content)];
    const placeholder = toAuditRecorded({ ...content, prevHash: GENESIS_HASH, hash: GENESIS_HASH });
    const completed = { cte: 'audit_row', fields: `jsonb_build_object('seq', "seq", 'prevHash', "prev_hash", 'hash', "hash")` };
    const outbox = this.outbox.prepare(manager, this.options.event, placeholder, content.correlationId ? { correlationId: content.correlationId } : {}, values.length + 1, completed);
    const [appended] = (await manager.query(`WITH ${APPEND_ROW}, ${outbox.cte} SELECT "seq", "prev_hash", "hash", ${outbox.notify} FROM "audit_row", "outbox_row"`, [
      ...values,
      ...outbox.params,
    ])) as { seq: string; prev_hash: string; hash: string }[];
    if (!appended) throw new Error('audit_chain_head has no row: run the migrations');
    const row: ChainedAuditRow = { ...content, seq: Number(appended.seq), prevHash: appended.prev_hash, hash: appended.hash };
    // The chain's own hash function must agree with the SQL's, byte for byte: never commit a row it would call altered.
    if (auditRowHash(row.prevHash, row) !== row.hash) throw new Error(`audit row ${row.seq}: the hash computed in SQL differs from auditRowHash`);
    await manager.query(`UPDATE "audit_chain_head" SET "seq" = $1, "hash" = $2 WHERE "chain" = 'main'`, [row.seq, row.hash]);
    return row;
  }

  /** Appends a row in a transaction of its own and resolves once it is committed: a read awaits this before it answers. */
  recordNow(entry: AuditEntry): Promise<ChainedAuditRow> {
    return this.dataSource.transaction((manager) => this.record(manager, entry));
  }

  /** What the policy guard calls when it refuses a request (ACCESS_REFUSAL_RECORDER of @massage/security). */
  async recordRefusal(actor: Actor | undefined, route: RefusedRoute, reason: string): Promise<void> {
    const [resource = 'route'] = route.permission.split(':');
    const clientId = route.params['clientId'];
    const locationId = route.params['locationId'];
    const resourceId = route.params['intakeId'] ?? clientId;
    await this.recordNow({
      actor,
      action: ['GET', 'HEAD'].includes(route.method.toUpperCase()) ? 'read' : 'write',
      operation: toAuditCode(route.permission),
      resourceType: toAuditCode(resource),
      ...(resourceId !== undefined && UUID.test(resourceId) ? { resourceId: resourceId.toLowerCase() } : {}),
      ...(clientId !== undefined && UUID.test(clientId) ? { clientId: clientId.toLowerCase() } : {}),
      ...(locationId !== undefined && LOCATION.test(locationId) && locationId.length <= 64 ? { locationId } : {}),
      outcome: 'refused',
      reason: toAuditCode(reason),
    });
  }

  /** Who touched this client's record, newest first; `beforeSeq` pages back. */
  async forClient(clientId: string, page: { limit: number; beforeSeq?: number }): Promise<ChainedAuditRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM "audit_record" WHERE "client_id" = $1 AND "seq" < $2 ORDER BY "seq" DESC LIMIT $3`,
      [clientId, page.beforeSeq ?? Number.MAX_SAFE_INTEGER, page.limit],
    )) as AuditRecordRow[];
    return rows.map(fromAuditRow);
  }

  private contentOf(seq: number, entry: AuditEntry): AuditRowContent {
    for (const [name, value] of [
      ['operation', entry.operation],
      ['resourceType', entry.resourceType],
      ['reason', entry.reason],
    ] as const) {
      if (value !== undefined && !CODE.test(value)) throw new Error(`audit ${name} must be a code (${AUDIT_CODE_PATTERN}), got "${value}"`);
    }
    return {
      seq,
      id: randomUUID(),
      recordedAt: this.now(),
      actorSubject: entry.actor?.subject ?? 'anonymous',
      actorRole: entry.actor?.role ?? 'anonymous',
      actorLocation: entry.actor?.locationId ?? '-',
      action: entry.action,
      operation: entry.operation,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId ?? null,
      clientId: entry.clientId ?? null,
      locationId: entry.locationId ?? null,
      outcome: entry.outcome,
      reason: entry.reason ?? null,
      correlationId: entry.correlationId ?? null,
    };
  }
}

/** The row as published: ids and codes, plus its place in the chain. */
export function toAuditRecorded(row: ChainedAuditRow): AuditRecordedV1 {
  return {
    auditId: row.id,
    seq: row.seq,
    hash: row.hash,
    prevHash: row.prevHash,
    recordedAt: row.recordedAt.toISOString(),
    actor: { subject: row.actorSubject, role: row.actorRole, locationId: row.actorLocation },
    action: row.action,
    operation: row.operation,
    resourceType: row.resourceType,
    ...(row.resourceId !== null ? { resourceId: row.resourceId } : {}),
    ...(row.clientId !== null ? { clientId: row.clientId } : {}),
    ...(row.locationId !== null ? { locationId: row.locationId } : {}),
    outcome: row.outcome,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.correlationId !== null ? { correlationId: row.correlationId } : {}),
  };
}
