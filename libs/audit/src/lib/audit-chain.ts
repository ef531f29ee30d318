import { createHash } from 'node:crypto';
import type { AuditAction, AuditOutcome } from '@massage/contracts';

/** The `prev_hash` of the first row of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The content of one audit row: everything its hash covers. `seq` is the row's place in the chain when hashed
 * (ADR 0025: `audit_chain.seq`); as recorded, before sealing, it is the record's own `audit_record.seq`.
 */
export interface AuditRowContent {
  seq: number;
  id: string;
  /** Millisecond precision (a CHECK keeps the column so), so the hash is reproducible from the column. */
  recordedAt: Date;
  actorSubject: string;
  actorRole: string;
  actorLocation: string;
  action: AuditAction;
  operation: string;
  resourceType: string;
  resourceId: string | null;
  clientId: string | null;
  locationId: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  correlationId: string | null;
}

/** A row as recorded (`seq`: its place in `audit_record`), before or after it is sealed into the chain. */
export type AuditRecord = AuditRowContent;

/** A row as sealed: `seq` is its place in the chain, with the link hashes. */
export interface ChainedAuditRow extends AuditRowContent {
  prevHash: string;
  hash: string;
}

/** The columns a row's hash covers, in the order it covers them (`auditRowValues` gives their values). */
export const AUDIT_CONTENT_COLUMNS = [
  'seq',
  'id',
  'recorded_at',
  'actor_subject',
  'actor_role',
  'actor_location',
  'action',
  'operation',
  'resource_type',
  'resource_id',
  'client_id',
  'location_id',
  'outcome',
  'reason',
  'correlation_id',
] as const;

/** The values of `AUDIT_CONTENT_COLUMNS`, in that order. */
export function auditRowValues(row: AuditRowContent): (string | number | Date | null)[] {
  return [
    row.seq,
    row.id,
    row.recordedAt,
    row.actorSubject,
    row.actorRole,
    row.actorLocation,
    row.action,
    row.operation,
    row.resourceType,
    row.resourceId,
    row.clientId,
    row.locationId,
    row.outcome,
    row.reason,
    row.correlationId,
  ];
}

/** The row as hashed: a JSON array of its values in column order, so no key order or whitespace can vary. */
export function canonicalAuditRow(row: AuditRowContent): string {
  return JSON.stringify(auditRowValues(row).map((v) => (v instanceof Date ? v.toISOString() : v)));
}

/** `hash = sha256(prev_hash || "\n" || canonical row)`, hex. */
export function auditRowHash(prevHash: string, row: AuditRowContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalAuditRow(row)).digest('hex');
}

export type ChainBreak =
  /** Rows are missing before `seq` (deleted, or the sequence was tampered with). */
  | { kind: 'gap'; seq: number; detail: string }
  /** The row's content no longer matches its hash. */
  | { kind: 'altered'; seq: number; detail: string }
  /** The row's prev_hash is not the previous row's hash (the previous row was rewritten with a new hash). */
  | { kind: 'unlinked'; seq: number; detail: string }
  /** The chain head names rows that are no longer there (the newest rows were deleted), or disagrees with the last row. */
  | { kind: 'truncated'; seq: number; detail: string }
  /** A recorded row is neither in the chain nor waiting to be sealed (its queue entry was deleted): `seq` is its record seq. */
  | { kind: 'unsealed'; seq: number; detail: string };

export type ChainVerdict = { intact: true; rows: number; lastSeq: number; lastHash: string; waiting?: number } | ({ intact: false; rows: number } & ChainBreak);

/**
 * Walks a chain row by row (in `seq` order, in as many batches as the caller likes) and stops at the
 * first break. `finish` compares the end of the walk with the chain head the writers keep.
 */
export class AuditChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private rows = 0;
  private broken: (ChainBreak & { rows: number }) | undefined;

  /** Checks the next row; false once the chain is broken (stop feeding it). */
  push(row: ChainedAuditRow): boolean {
    if (this.broken) return false;
    if (row.seq !== this.expectedSeq) {
      return this.fail({ kind: 'gap', seq: this.expectedSeq, detail: `expected seq ${this.expectedSeq}, found ${row.seq}: rows ${this.expectedSeq}..${row.seq - 1} are missing` });
    }
    if (row.prevHash !== this.prevHash) {
      return this.fail({ kind: 'unlinked', seq: row.seq, detail: `prev_hash of seq ${row.seq} is not the hash of seq ${row.seq - 1}: one of them was rewritten` });
    }
    if (auditRowHash(row.prevHash, row) !== row.hash) {
      return this.fail({ kind: 'altered', seq: row.seq, detail: `seq ${row.seq} does not match its hash: the row was altered` });
    }
    this.rows += 1;
    this.expectedSeq = row.seq + 1;
    this.prevHash = row.hash;
    return true;
  }

  /** The link at `seq` seals a record that is no longer there (deleted with the triggers off): false, as a gap. */
  missing(seq: number, recordSeq: number): false {
    if (this.broken) return false;
    return this.fail({ kind: 'gap', seq, detail: `the record sealed at chain seq ${seq} (record ${recordSeq}) is missing` });
  }

  finish(head: { seq: number; hash: string }): ChainVerdict {
    if (this.broken) return { intact: false, ...this.broken };
    const lastSeq = this.expectedSeq - 1;
    if (head.seq !== lastSeq || head.hash !== this.prevHash) {
      return {
        intact: false,
        rows: this.rows,
        kind: 'truncated',
        seq: lastSeq + 1,
        detail: `the chain head is at seq ${head.seq} but the rows end at seq ${lastSeq}${head.seq === lastSeq ? ' with another hash' : ''}`,
      };
    }
    return { intact: true, rows: this.rows, lastSeq, lastHash: this.prevHash };
  }

  private fail(b: ChainBreak): false {
    this.broken = { ...b, rows: this.rows };
    return false;
  }
}
