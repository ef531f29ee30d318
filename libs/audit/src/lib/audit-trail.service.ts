import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { assertPayload, AUDIT_CODE_PATTERN, LOCATION_CODE_PATTERN, UUID_PATTERN, type AuditRecordedV1, type EventDefinition } from '@massage/contracts';
import type { AccessRefusalRecorder, Actor, RefusedRoute } from '@massage/security';
import { DataSource, type EntityManager } from 'typeorm';
import { AUDIT_CONTENT_COLUMNS, auditRowValues, GENESIS_HASH, type AuditRecord, type ChainedAuditRow } from './audit-chain';
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

const RECORD_COLUMNS = AUDIT_CONTENT_COLUMNS.slice(1);

/** An audit row ready to be written by the caller's own statement (`AuditTrail.prepare`). */
export interface PreparedAuditRow {
  /**
   * `"audit_record_row" AS (INSERT …), "audit_queue_row" AS (INSERT … RETURNING "record_seq")`: the record and its
   * entry in the sealer's queue, two CTEs of one statement, so neither exists without the other.
   */
  ctes: string;
  /** The values `ctes` refer to, numbered from the `first` given to `prepare`. */
  params: (string | Date | null)[];
  record: Omit<AuditRecord, 'seq'>;
}

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
 * The service's audit trail (ADR 0008, ADR 0025). A row is recorded with no lock: the record and its entry in the
 * sealer's queue, one statement in the caller's transaction. `AuditSealer` chains it afterwards (hashes, the head,
 * the `AuditRecorded` event), so audited writes do not queue behind one another.
 */
@Injectable()
export class AuditTrail implements AccessRefusalRecorder {
  private readonly now: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUDIT_TRAIL_OPTIONS) private readonly options: AuditTrailOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Records a row in the caller's transaction: the audit of a write commits or rolls back with it. */
  async record(manager: EntityManager, entry: AuditEntry): Promise<AuditRecord> {
    if (!manager.queryRunner?.isTransactionActive) throw new AuditTransactionRequiredError();
    return this.append(manager, entry);
  }

  /** Records a row on its own (one statement, committed when it resolves): a read awaits this before it answers. */
  recordNow(entry: AuditEntry): Promise<AuditRecord> {
    return this.append(this.dataSource.manager, entry);
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
  async forClient(clientId: string, page: { limit: number; beforeSeq?: number }): Promise<AuditRecord[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM "audit_record" WHERE "client_id" = $1 AND "seq" < $2 ORDER BY "seq" DESC LIMIT $3`,
      [clientId, page.beforeSeq ?? Number.MAX_SAFE_INTEGER, page.limit],
    )) as AuditRecordRow[];
    return rows.map(fromAuditRow);
  }

  /**
   * The row as CTEs of the caller's own statement (one round trip fewer on a hot path: a booking writes it with its
   * INSERT), values numbered from `$first`. Checked as `record` checks the entry; the caller's statement must run in
   * the transaction of the write it audits.
   */
  prepare(entry: AuditEntry, first = 1): PreparedAuditRow {
    const record = this.contentOf(entry);
    // Refused now, as the event it will become: a row its event schema refuses would stop the sealer at it.
    assertPayload(this.options.event, toAuditRecorded({ ...record, seq: 1, prevHash: GENESIS_HASH, hash: GENESIS_HASH }));
    const params = auditRowValues({ ...record, seq: 0 }).slice(1) as (string | Date | null)[];
    const ctes = `"audit_record_row" AS (
        INSERT INTO "audit_record" (${RECORD_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${params.map((_, i) => `$${first + i}`).join(', ')}) RETURNING "seq"
      ),
      "audit_queue_row" AS (INSERT INTO "audit_unsealed" ("record_seq") SELECT "seq" FROM "audit_record_row" RETURNING "record_seq")`;
    return { ctes, params, record };
  }

  private async append(manager: EntityManager, entry: AuditEntry): Promise<AuditRecord> {
    const row = this.prepare(entry);
    const [queued] = (await manager.query(`WITH ${row.ctes} SELECT "record_seq" FROM "audit_queue_row"`, row.params)) as { record_seq: string }[];
    if (!queued) throw new Error('audit record not returned by its insert');
    return { ...row.record, seq: Number(queued.record_seq) };
  }

  private contentOf(entry: AuditEntry): Omit<AuditRecord, 'seq'> {
    for (const [name, value] of [
      ['operation', entry.operation],
      ['resourceType', entry.resourceType],
      ['reason', entry.reason],
    ] as const) {
      if (value !== undefined && !CODE.test(value)) throw new Error(`audit ${name} must be a code (${AUDIT_CODE_PATTERN}), got "${value}"`);
    }
    return {
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
