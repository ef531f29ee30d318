import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { ClearanceRevoked, type ClearanceRevokeReason } from '@massage/contracts';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import type { ClearanceChangeResponse } from '@massage/intake-api';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import type { Actor } from '@massage/security';
import { DataSource } from 'typeorm';
import { ClearanceEntity } from '../../clearances/clearance.entity';
import { lockClearance, wrongState, type ClearanceRef } from '../../clearances/clearance.locks';
import { toClearanceResponse, toClearanceRevoked } from '../../clearances/clearance.views';
import { ScreeningRecorder } from '../../screening/screening-recorder';

export interface RevokeClearanceCommand extends ClearanceRef {
  actor: Actor;
  correlationId: string;
  idempotencyKey: string;
  reason: ClearanceRevokeReason;
}

/**
 * Revokes a recorded clearance before its expiry: the revocation (who, when, a reason code), ClearanceRevoked, the
 * client screened again (trigger `clearance-revoked`: the clearance counts as none from now on) and the audit row,
 * in one transaction. 409 for a clearance that is only requested, already expired (or due) or already revoked.
 * Idempotent by key like every POST: a retry of the same request answers the first response.
 */
@Injectable()
export class RevokeClearanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    private readonly recorder: ScreeningRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async revoke(cmd: RevokeClearanceCommand): Promise<ClearanceChangeResponse> {
    const now = this.clock.now();
    const audited = { actor: cmd.actor, action: 'write', operation: 'clearance.revoke', resourceType: 'clearance', resourceId: cmd.clearanceId, clientId: cmd.clientId, locationId: cmd.locationId, correlationId: cmd.correlationId } as const;
    const path = `/clients/${cmd.clientId}/clearances/${cmd.clearanceId}/revoke`;
    const key = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', path, { reason: cmd.reason }) };
    try {
      return await this.idempotency.once(this.dataSource, key, 200, async (manager) => {
        const row = await lockClearance(manager, cmd);
        // Past its expiry it already counts as none (the job marks it expired): nothing left to revoke.
        if (row.status !== 'recorded' || (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime())) throw wrongState(row, 'recorded, unexpired');
        await manager.update(ClearanceEntity, { id: row.id, status: 'recorded' }, { status: 'revoked', revokedAt: now, revokedBy: cmd.actor.subject, revokeReason: cmd.reason });
        const stored = await manager.findOneByOrFail(ClearanceEntity, { id: row.id });
        await this.outbox.enqueue(manager, ClearanceRevoked, toClearanceRevoked(stored, cmd.reason, now), { correlationId: cmd.correlationId });
        const screening = await this.recorder.screenWithin(manager, { clientId: stored.clientId, locationId: stored.locationId, trigger: 'clearance-revoked', correlationId: cmd.correlationId, asOf: now });
        await this.audit.record(manager, { ...audited, outcome: 'allowed' });
        return { clearance: toClearanceResponse(stored), screening: screening ? { id: screening.id, outcome: screening.outcome } : null };
      });
    } catch (error: unknown) {
      if (error instanceof NotFoundException) await this.audit.recordNow({ ...audited, outcome: 'refused', reason: 'not-found' });
      else if (error instanceof ConflictException) await this.audit.recordNow({ ...audited, outcome: 'refused', reason: 'wrong-state' });
      throw error;
    }
  }
}
