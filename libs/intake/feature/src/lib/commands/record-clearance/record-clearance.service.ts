import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditTrail, type AuditEntry } from '@massage/audit';
import { ClearanceRecorded } from '@massage/contracts';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import type { ClearanceChangeResponse, RecordClearanceDirectRequest, RecordClearanceRequest } from '@massage/intake-api';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import { clearanceRuleViolations, decideClearanceExpiry } from '@massage/intake-screening';
import type { Actor } from '@massage/security';
import { DataSource, type EntityManager } from 'typeorm';
import { ClearanceEntity, isRecorded } from '../../clearances/clearance.entity';
import { ClearanceExpiryJob } from '../../clearances/clearance-expiry.job';
import { lockClearance, lockClient, wrongState, type ClearanceRef } from '../../clearances/clearance.locks';
import { toClearanceRecorded, toClearanceResponse } from '../../clearances/clearance.views';
import { throwIfViolated } from '../../http/rule-violations';
import { RuleTableVersions } from '../../rule-tables/rule-table-versions';
import { NoRuleTableInEffectError, ScreeningRecorder } from '../../screening/screening-recorder';

interface Who {
  actor: Actor;
  correlationId: string;
}

export interface RecordRequestedClearanceCommand extends ClearanceRef, Who {
  idempotencyKey: string;
  record: RecordClearanceRequest;
}

export interface RecordClearanceDirectCommand extends Who {
  locationId: string;
  clientId: string;
  idempotencyKey: string;
  record: RecordClearanceDirectRequest;
}

/**
 * Records a physician's clearance, answering a request (`…/clearances/:id/record`) or from a letter brought in
 * without one (`…/clearances/recorded`); both idempotent by key. In one transaction: the scope, expiry, provider and
 * the letter's reference; ClearanceRecorded; the client screened again (trigger `clearance-recorded`), so its
 * ScreeningCompleted follows on the same key; the audit row. The expiry defaults to the rules' validity in the
 * table in effect (an explicit one may shorten it, never lengthen it); the expiry job is told after commit.
 */
@Injectable()
export class RecordClearanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    private readonly tables: RuleTableVersions,
    private readonly recorder: ScreeningRecorder,
    private readonly expiryJob: ClearanceExpiryJob,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The physician answered a request: 409 unless it is still `requested`. Idempotent by key like every POST: a
   * retry of the same request answers the first response (a new request for a recorded clearance gets the 409).
   */
  async recordRequested(cmd: RecordRequestedClearanceCommand): Promise<ClearanceChangeResponse> {
    const now = this.clock.now();
    const audited = { actor: cmd.actor, action: 'write', operation: 'clearance.record', clientId: cmd.clientId, locationId: cmd.locationId, correlationId: cmd.correlationId } as const;
    const path = `/clients/${cmd.clientId}/clearances/${cmd.clearanceId}/record`;
    const key = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', path, cmd.record) };
    try {
      const recorded = await this.idempotency.once(this.dataSource, key, 200, async (manager) => {
        const row = await lockClearance(manager, cmd);
        if (row.status !== 'requested') throw wrongState(row, 'requested');
        return this.recordWithin(manager, row, cmd, now);
      });
      this.afterCommit(recorded);
      return recorded;
    } catch (error: unknown) {
      await this.auditRefusal(error, { ...audited, resourceType: 'clearance', resourceId: cmd.clearanceId });
      throw error;
    }
  }

  /** A letter brought in without a request: the rules must be CLEARANCE rules of the table in effect. */
  async recordDirect(cmd: RecordClearanceDirectCommand): Promise<ClearanceChangeResponse> {
    const now = this.clock.now();
    const audited = { actor: cmd.actor, action: 'write', operation: 'clearance.record', clientId: cmd.clientId, locationId: cmd.locationId, correlationId: cmd.correlationId } as const;
    const path = `/clients/${cmd.clientId}/clearances/recorded`;
    const key = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', path, cmd.record) };
    try {
      const recorded = await this.idempotency.once(this.dataSource, key, 201, async (manager) => {
        await lockClient(manager, cmd.locationId, cmd.clientId);
        const row = new ClearanceEntity();
        Object.assign(row, {
          id: randomUUID(),
          clientId: cmd.clientId,
          locationId: cmd.locationId,
          rules: [...cmd.record.rules],
          providerName: cmd.record.providerName,
          requestedTechniques: null,
          requestedSites: null,
          requestedMaxPressure: null,
          requestedAt: null,
          requestedBy: null,
        } satisfies Partial<ClearanceEntity>);
        return this.recordWithin(manager, row, cmd, now, { checkRules: true });
      });
      this.afterCommit(recorded);
      return recorded;
    } catch (error: unknown) {
      await this.auditRefusal(error, { ...audited, resourceType: 'client', resourceId: cmd.clientId });
      throw error;
    }
  }

  private async recordWithin(
    manager: EntityManager,
    row: ClearanceEntity,
    cmd: Who & { record: RecordClearanceRequest; locationId: string },
    now: Date,
    options: { checkRules?: boolean } = {},
  ): Promise<ClearanceChangeResponse> {
    const table = await this.tables.inEffect(manager, now);
    if (!table) throw new NoRuleTableInEffectError(now);
    const expiry = decideClearanceExpiry(row.rules, table, now, cmd.record.expiresAt);
    throwIfViolated([...(options.checkRules ? clearanceRuleViolations(row.rules, table) : []), ...(expiry.violations ?? [])]);

    const { record } = cmd;
    Object.assign(row, {
      status: 'recorded',
      techniques: record.techniques,
      sites: record.sites,
      maxPressure: record.maxPressure ?? null,
      positioning: record.positioning ?? [],
      recordedAt: now,
      recordedBy: cmd.actor.subject,
      expiresAt: expiry.expiresAt,
      documentRef: record.documentRef.trim(),
      ...(record.providerName !== undefined ? { providerName: record.providerName.trim() } : {}),
      ...(record.providerContact !== undefined ? { providerContact: record.providerContact.trim() } : {}),
      expiredAt: null,
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
    } satisfies Partial<ClearanceEntity>);
    await manager.save(ClearanceEntity, row);
    const stored = await manager.findOneByOrFail(ClearanceEntity, { id: row.id });
    if (!isRecorded(stored)) throw new Error(`clearance ${stored.id} was saved without its scope or expiry`);

    await this.outbox.enqueue(manager, ClearanceRecorded, toClearanceRecorded(stored), { correlationId: cmd.correlationId });
    const screening = await this.recorder.screenWithin(manager, {
      clientId: stored.clientId,
      locationId: stored.locationId,
      trigger: 'clearance-recorded',
      correlationId: cmd.correlationId,
      asOf: now,
    });
    await this.audit.record(manager, {
      actor: cmd.actor,
      action: 'write',
      operation: 'clearance.record',
      resourceType: 'clearance',
      resourceId: stored.id,
      clientId: stored.clientId,
      locationId: stored.locationId,
      correlationId: cmd.correlationId,
      outcome: 'allowed',
    });
    return { clearance: toClearanceResponse(stored), screening: screening ? { id: screening.id, outcome: screening.outcome } : null };
  }

  /** The expiry job arms for this clearance now, not at its next sweep. */
  private afterCommit(recorded: ClearanceChangeResponse): void {
    if (recorded.clearance.expiresAt) this.expiryJob.poke(new Date(recorded.clearance.expiresAt));
  }

  private async auditRefusal(error: unknown, entry: Omit<AuditEntry, 'outcome'>): Promise<void> {
    if (error instanceof NotFoundException) await this.audit.recordNow({ ...entry, outcome: 'refused', reason: 'not-found' });
    else if (error instanceof ConflictException) await this.audit.recordNow({ ...entry, outcome: 'refused', reason: 'wrong-state' });
  }
}
