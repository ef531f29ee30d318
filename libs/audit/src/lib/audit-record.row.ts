import type { AuditAction, AuditOutcome } from '@massage/contracts';
import type { AuditRecord, ChainedAuditRow } from './audit-chain';

/** An `audit_record` row as pg returns it (bigint as a string). */
export interface AuditRecordRow {
  seq: string;
  id: string;
  recorded_at: Date;
  actor_subject: string;
  actor_role: string;
  actor_location: string;
  action: AuditAction;
  operation: string;
  resource_type: string;
  resource_id: string | null;
  client_id: string | null;
  location_id: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  correlation_id: string | null;
}

/** A record joined with its link in `audit_chain` (`chain_seq`: its place there). */
export interface AuditChainRow extends AuditRecordRow {
  chain_seq: string;
  prev_hash: string;
  hash: string;
}

export function fromAuditRow(r: AuditRecordRow): AuditRecord {
  return {
    seq: Number(r.seq),
    id: r.id,
    recordedAt: r.recorded_at,
    actorSubject: r.actor_subject,
    actorRole: r.actor_role,
    actorLocation: r.actor_location,
    action: r.action,
    operation: r.operation,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    clientId: r.client_id,
    locationId: r.location_id,
    outcome: r.outcome,
    reason: r.reason,
    correlationId: r.correlation_id,
  };
}

/** The row as the chain hashed it: its chain position as `seq`. */
export function fromAuditChainRow(r: AuditChainRow): ChainedAuditRow {
  return { ...fromAuditRow(r), seq: Number(r.chain_seq), prevHash: r.prev_hash, hash: r.hash };
}
