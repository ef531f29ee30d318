import { Inject, Injectable } from '@nestjs/common';
import { LicenceRecorded } from '@massage/contracts';
import { OutboxWriter, type EnqueueMeta } from '@massage/messaging';
import { CLOCK, type Clock, ValidationProblem } from '@massage/platform';
import type { RecordLicenceRequest, TherapistResponse } from '@massage/scheduling-api';
import type { EntityManager } from 'typeorm';
import { StaffChange } from '../../calendar/staff-change';
import type { CommandContext } from '../../http/request-context';

/**
 * Stores a therapist's licence for its jurisdiction (one per jurisdiction: a renewal replaces the old one) and
 * enqueues LicenceRecorded, in the caller's transaction. 400 when it ends before it starts.
 */
export async function recordLicence(manager: EntityManager, outbox: OutboxWriter, therapistId: string, l: RecordLicenceRequest, now: Date, meta: EnqueueMeta): Promise<void> {
  if (l.validFrom && l.validFrom > l.expiresOn) throw new ValidationProblem([{ name: 'expiresOn', reason: 'must not be before validFrom' }]);
  await manager.query(
    `INSERT INTO therapist_licence (therapist_id, jurisdiction, number, valid_from, expires_on, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (therapist_id, jurisdiction) DO UPDATE SET number = EXCLUDED.number, valid_from = EXCLUDED.valid_from, expires_on = EXCLUDED.expires_on, recorded_at = EXCLUDED.recorded_at`,
    [therapistId, l.jurisdiction, l.number, l.validFrom ?? null, l.expiresOn, now],
  );
  await outbox.enqueue(
    manager,
    LicenceRecorded,
    { therapistId, jurisdiction: l.jurisdiction, ...(l.validFrom ? { validFrom: l.validFrom } : {}), expiresOn: l.expiresOn, recordedAt: now.toISOString() },
    meta,
  );
}

/** `PUT …/therapists/:therapistId/licence`: records (or renews) a licence of the therapist. */
@Injectable()
export class RecordLicenceService {
  constructor(
    private readonly staff: StaffChange,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  record(cmd: CommandContext, therapistId: string, licence: RecordLicenceRequest): Promise<TherapistResponse> {
    return this.staff.apply(cmd, therapistId, 'therapist.licence', (manager) =>
      recordLicence(manager, this.outbox, therapistId, licence, this.clock.now(), { correlationId: cmd.correlationId }),
    );
  }
}
