import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { ClearanceExpired } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import type { Actor } from '@massage/security';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { ClearanceEntity, isRecorded } from '../../clearances/clearance.entity';
import { toClearanceExpired } from '../../clearances/clearance.views';
import { ScreeningRecorder } from '../../screening/screening-recorder';

/** Who expires clearances: intake itself, on its own behalf (the audit trail says so). */
export const INTAKE_SERVICE_ACTOR: Actor = { subject: 'service:intake', role: 'service:intake', locationId: '*' };

/** Clearances expired per query; the job keeps going while a batch comes back full. */
const BATCH = 100;

/**
 * Marks recorded clearances expired once their expiry instant has come: for each, in one transaction, the
 * status, ClearanceExpired, the client screened again (trigger `clearance-expired`) and an audit row. Exactly once,
 * whatever the number of intake replicas running it: the client is locked first (as every clearance change does),
 * then a guarded UPDATE (`status = 'recorded' AND expires_at <= now`) decides; a replica that comes second updates
 * no row and writes nothing.
 */
@Injectable()
export class ExpireClearancesService {
  private readonly logger = new Logger(ExpireClearancesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly recorder: ScreeningRecorder,
  ) {}

  /**
   * Expires everything due at `now` and resolves to the next expiry instant (undefined when none is pending).
   * A clearance that fails is left recorded for the next run; the run then rejects, after doing the others.
   */
  async runDue(now: Date): Promise<Date | undefined> {
    const failed = new Map<string, unknown>();
    for (;;) {
      const due = await this.dataSource
        .createQueryBuilder(ClearanceEntity, 'c')
        .select(['c.id', 'c.clientId', 'c.locationId'])
        .where(`c.status = 'recorded' AND c.expires_at <= :now`, { now })
        .andWhere(failed.size > 0 ? 'c.id NOT IN (:...failed)' : 'TRUE', { failed: [...failed.keys()] })
        .orderBy('c.expires_at', 'ASC')
        .addOrderBy('c.id', 'ASC')
        .limit(BATCH)
        .getMany();
      for (const c of due) {
        try {
          await this.expire(c, now);
        } catch (error: unknown) {
          failed.set(c.id, error);
        }
      }
      if (due.length < BATCH) break;
    }
    if (failed.size > 0) {
      const [[id, error]] = [...failed];
      throw new Error(`${failed.size} clearance(s) could not be expired (first: ${id}: ${error instanceof Error ? error.message : String(error)})`);
    }
    const next = await this.dataSource
      .createQueryBuilder(ClearanceEntity, 'c')
      .select('min(c.expires_at)', 'next')
      .where(`c.status = 'recorded'`)
      .getRawOne<{ next: Date | null }>();
    return next?.next ? new Date(next.next) : undefined;
  }

  /** Expires one clearance if it is still recorded and due; true when this call did it. */
  async expire(ref: Pick<ClearanceEntity, 'id' | 'clientId' | 'locationId'>, now: Date): Promise<boolean> {
    const correlationId = randomUUID();
    const expired = await this.dataSource.transaction(async (manager) => {
      await manager.findOne(ClientEntity, { where: { id: ref.clientId }, lock: { mode: 'pessimistic_write' } });
      const updated = await manager
        .createQueryBuilder()
        .update(ClearanceEntity)
        .set({ status: 'expired', expiredAt: now })
        .where(`id = :id AND status = 'recorded' AND expires_at <= :now`, { id: ref.id, now })
        .execute();
      if (updated.affected !== 1) return false;
      const row = await manager.findOneByOrFail(ClearanceEntity, { id: ref.id });
      if (!isRecorded(row)) throw new Error(`clearance ${row.id} is expired without having been recorded`);
      await this.outbox.enqueue(manager, ClearanceExpired, toClearanceExpired(row, now), { correlationId });
      await this.recorder.screenWithin(manager, { clientId: row.clientId, locationId: row.locationId, trigger: 'clearance-expired', correlationId, asOf: now });
      await this.audit.record(manager, {
        actor: INTAKE_SERVICE_ACTOR,
        action: 'write',
        operation: 'clearance.expire',
        resourceType: 'clearance',
        resourceId: row.id,
        clientId: row.clientId,
        locationId: row.locationId,
        correlationId,
        outcome: 'allowed',
      });
      return true;
    });
    if (expired) this.logger.log(JSON.stringify({ event: 'clearance.expired', clearanceId: ref.id, clientId: ref.clientId }));
    return expired;
  }
}
