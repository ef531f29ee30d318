import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import type { TherapistResponse } from '@massage/scheduling-api';
import { DataSource, type EntityManager } from 'typeorm';
import { allowedWrite } from '../http/audit-entries';
import { notFound, type CommandContext } from '../http/request-context';
import { toTherapistResponse } from '../http/responses';
import { CalendarReader } from './calendar.reader';

/**
 * The frame of every change to a therapist's record (licence, certification, shifts, time off): in one
 * transaction, the therapist locked (changes to one therapist queue) and found working at the path's location
 * (404 otherwise: another location's therapist is not found), the change, the audit row; answers the therapist.
 * With an Idempotency-Key (a creating POST), the key is claimed first and a retry gets the first answer.
 */
@Injectable()
export class StaffChange {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
  ) {}

  apply(
    cmd: CommandContext & { idempotencyKey?: string; path?: string; body?: object },
    therapistId: string,
    operation: string,
    write: (manager: EntityManager) => Promise<void>,
  ): Promise<TherapistResponse> {
    const run = async (manager: EntityManager): Promise<TherapistResponse> => {
      const [found] = (await manager.query(
        `SELECT t.id FROM therapist t JOIN therapist_location tl ON tl.therapist_id = t.id AND tl.location_id = $2 WHERE t.id = $1 FOR UPDATE OF t`,
        [therapistId, cmd.locationId],
      )) as unknown[];
      if (!found) throw notFound('therapist');
      await write(manager);
      await this.audit.record(manager, allowedWrite(cmd, operation, 'therapist', therapistId));
      const therapist = await new CalendarReader(manager).therapist(cmd.locationId, therapistId);
      if (!therapist) throw new Error(`therapist ${therapistId} vanished inside its transaction`);
      return toTherapistResponse(therapist);
    };
    if (cmd.idempotencyKey === undefined) return this.dataSource.transaction(run);
    const key = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', cmd.path ?? '', cmd.body ?? {}) };
    return this.idempotency.once(this.dataSource, key, 201, run);
  }
}
