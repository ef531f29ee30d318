import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { TherapistRegistered } from '@massage/contracts';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import { OutboxWriter } from '@massage/messaging';
import type { RegisterTherapistRequest, TherapistResponse } from '@massage/scheduling-api';
import { DataSource } from 'typeorm';
import { CalendarReader } from '../../calendar/calendar.reader';
import { allowedWrite } from '../../http/audit-entries';
import { notFound, type CommandContext } from '../../http/request-context';
import { toTherapistResponse } from '../../http/responses';
import { recordLicence } from '../record-licence/record-licence.service';
import { CLOCK, type Clock } from '@massage/platform';

export interface RegisterTherapistCommand extends CommandContext {
  idempotencyKey: string;
  therapist: RegisterTherapistRequest;
}

/**
 * Registers a therapist at a location (their staff subject is who the gateway asserts). A subject registered
 * already (at another location) gains this location instead of a second record. TherapistRegistered (and
 * LicenceRecorded when a licence comes with it) go out in the same transaction as the rows and the audit row.
 */
@Injectable()
export class RegisterTherapistService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  register(cmd: RegisterTherapistCommand): Promise<TherapistResponse> {
    const t = cmd.therapist;
    const key = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', '/therapists', t) };
    return this.idempotency.once(this.dataSource, key, 201, async (manager) => {
      const [location] = (await manager.query(`SELECT id FROM location WHERE id = $1`, [cmd.locationId])) as unknown[];
      if (!location) throw notFound('location');
      const now = this.clock.now();
      await manager.query(`INSERT INTO therapist (id, subject, display_name, registered_at) VALUES ($1, $2, $3, $4) ON CONFLICT (subject) DO NOTHING`, [
        randomUUID(),
        t.subject,
        t.displayName,
        now,
      ]);
      const [{ id }] = (await manager.query(`SELECT id FROM therapist WHERE subject = $1 FOR UPDATE`, [t.subject])) as [{ id: string }];
      const linked = (await manager.query(`INSERT INTO therapist_location (therapist_id, location_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [id, cmd.locationId])) as unknown[];
      const meta = { correlationId: cmd.correlationId };
      if (linked.length > 0) await this.outbox.enqueue(manager, TherapistRegistered, { therapistId: id, subject: t.subject, locationId: cmd.locationId, registeredAt: now.toISOString() }, meta);
      if (t.licence) await recordLicence(manager, this.outbox, id, t.licence, now, meta);
      await this.audit.record(manager, allowedWrite(cmd, 'therapist.register', 'therapist', id));
      const stored = await new CalendarReader(manager).therapist(cmd.locationId, id);
      if (!stored) throw new Error(`therapist ${id} not found right after its registration`);
      return toTherapistResponse(stored);
    });
  }
}
