import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditTrail, type AuditEntry } from '@massage/audit';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound, type CommandContext, type LocationContext, type Resource } from './request-context';
import { TreatmentRefused } from './treatment-refused';

/** What the audit trail calls an operation on a record (codes only). */
export interface RecordOperation {
  operation: `plan.${string}` | `note.${string}` | 'record.export-fhir' | 'session.list-own';
  resourceType: 'treatment-plan' | 'session-note' | 'treatment-record' | 'session-list';
  /** The record's id when the request names it (a creation names none). */
  resourceId?: string;
}

/** What a write's work gives back: the answer, and the id of the record it wrote (for the audit row). */
export interface Written<T> {
  value: T;
  resourceId: string;
}

/** A creating POST's Idempotency-Key: the same key and body answer the first result again. */
export interface IdempotentPost {
  key: string;
  path: string;
  body: unknown;
}

/** A read about one client names it; the therapist's own day names none. */
type ReadContext = LocationContext & { clientId?: string };

const entry = (ctx: ReadContext, action: 'read' | 'write', op: RecordOperation): Omit<AuditEntry, 'outcome'> => ({
  actor: ctx.actor,
  action,
  operation: op.operation,
  resourceType: op.resourceType,
  ...(op.resourceId !== undefined ? { resourceId: op.resourceId } : {}),
  ...(ctx.clientId !== undefined ? { clientId: ctx.clientId } : {}),
  locationId: ctx.locationId,
  correlationId: ctx.correlationId,
});

/**
 * Every touch of a client's treatment record goes through here, so none escapes the audit trail (ADR 0008):
 * a write runs in one transaction with its allowed row (a refusal rolls it all back, then is recorded on its
 * own, naming the rule); a read is recorded (allowed, or refused `not-found`) before it is answered.
 */
@Injectable()
export class AuditedRecords {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async write<T>(ctx: CommandContext, op: RecordOperation, work: (manager: EntityManager) => Promise<Written<T>>, post?: IdempotentPost): Promise<T> {
    const run = async (manager: EntityManager): Promise<T> => {
      const { value, resourceId } = await work(manager);
      await this.audit.record(manager, { ...entry(ctx, 'write', { ...op, resourceId }), outcome: 'allowed' });
      return value;
    };
    try {
      if (!post) return await this.dataSource.transaction(run);
      const key = { scope: `${ctx.locationId}/${ctx.actor.subject}`, key: post.key, fingerprint: requestFingerprint('POST', post.path, post.body) };
      return await this.idempotency.once(this.dataSource, key, 201, run);
    } catch (error: unknown) {
      const reason = error instanceof TreatmentRefused ? error.rule : error instanceof NotFoundException ? 'not-found' : undefined;
      if (reason) await this.audit.recordNow({ ...entry(ctx, 'write', op), outcome: 'refused', reason });
      throw error;
    }
  }

  /** Reads with `find` (undefined: not there, or not this location's or client's) and records the read before answering. */
  async read<T>(ctx: ReadContext, op: RecordOperation, what: Resource, find: (manager: EntityManager) => Promise<T | undefined>): Promise<T> {
    const found = await find(this.dataSource.manager);
    await this.audit.recordNow({ ...entry(ctx, 'read', op), ...(found === undefined ? { outcome: 'refused', reason: 'not-found' } : { outcome: 'allowed' }) });
    if (found === undefined) throw notFound(what);
    return found;
  }
}
