import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import { checkVisitUpdate, completeVisitUpdate, visitUpdateConflict, type VisitUpdateSubmission } from '@massage/intake-domain';
import type { VisitUpdateResponse } from '@massage/intake-api';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import type { RuleViolation } from '@massage/intake-domain';
import type { Actor } from '@massage/security';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { IntakeEntity } from '../../intake.entity';
import { insertIntake } from '../../intake.records';
import { notFound } from '../../http/request-context';
import { toIntakeResponse } from '../../http/responses';
import { throwIfViolated } from '../../http/rule-violations';
import { ScreeningRecorder } from '../../screening/screening-recorder';
import { ScreeningResultEntity } from '../../screening/screening-result.entity';
import { screeningAs, ScreeningViewPolicy } from '../../screening/screening-view';

export interface UpdateBeforeVisitCommand {
  locationId: string;
  clientId: string;
  correlationId: string;
  update: VisitUpdateSubmission;
  /** Who took the update: recorded on the new intake (`taken_by`) and in the audit trail. */
  actor: Actor;
  idempotencyKey: string;
}

/** 409 problem+json naming what must change first (a full intake to sign). */
function conflict(violation: RuleViolation): ConflictException {
  return new ConflictException({ message: violation.reason, invalidParams: [{ name: violation.field, reason: violation.reason }] });
}

/**
 * "Anything changed?" before a visit: checks the update against the client's last intake and the rules its last
 * screening re-asks, then, in one transaction, stores a new intake version (kind `visit-update`, following the
 * last), enqueues its IntakeCompleted events, screens it (ScreeningCompleted), audits it and stores the
 * idempotency key's response. 400 naming the field (a re-asked section left out); 409 when the client has no
 * intake yet, its consent has lapsed or its form is not current (a full intake is needed); 404 for another
 * location's client. Nothing is stored on a refusal.
 */
@Injectable()
export class UpdateBeforeVisitService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    private readonly screening: ScreeningRecorder,
    private readonly views: ScreeningViewPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `now` defaults to the service clock. */
  async update(cmd: UpdateBeforeVisitCommand, now = this.clock.now()): Promise<VisitUpdateResponse> {
    const audited = { actor: cmd.actor, action: 'write', operation: 'intake.visit-update', clientId: cmd.clientId, locationId: cmd.locationId, correlationId: cmd.correlationId } as const;
    const path = `/clients/${cmd.clientId}/visit-updates`;
    const request = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', path, cmd.update) };
    const view = await this.views.viewOf(cmd.actor, cmd.locationId, cmd.clientId);
    const updated = this.idempotency.once(this.dataSource, request, 201, async (manager) => {
      // The client's row lock orders this update after any intake or screening of the client in flight.
      const client = await manager.findOne(ClientEntity, { where: { id: cmd.clientId, locationId: cmd.locationId }, lock: { mode: 'pessimistic_write' } });
      if (!client) throw notFound('client');
      const lastRow = await manager.findOne(IntakeEntity, { where: { clientId: client.id, locationId: client.locationId }, order: { submittedAt: 'DESC', id: 'DESC' } });
      if (!lastRow) throw conflict({ field: 'intake', reason: 'the client has no intake yet: take a full intake first' });
      const last = toIntakeResponse(lastRow);
      const blocked = visitUpdateConflict(last, now);
      if (blocked) throw conflict(blocked);
      const lastScreening = await manager.findOne(ScreeningResultEntity, { where: { clientId: client.id }, order: { seq: 'DESC' }, select: { reAskEveryVisit: true } });
      throwIfViolated(checkVisitUpdate(cmd.update, last, lastScreening?.reAskEveryVisit ?? [], now));

      const intake = completeVisitUpdate(cmd.update, last, randomUUID(), now);
      const row = await insertIntake(manager, this.outbox, intake, { takenBy: cmd.actor.subject, correlationId: cmd.correlationId });
      const screened = await this.screening.screenWithin(manager, {
        clientId: client.id,
        locationId: client.locationId,
        intakeId: row.id,
        trigger: 'visit-update',
        correlationId: cmd.correlationId,
        asOf: now,
      });
      if (!screened) throw new Error(`intake ${row.id} was stored but could not be screened`);
      await this.audit.record(manager, { ...audited, resourceType: 'intake', resourceId: row.id, outcome: 'allowed' });
      return { intake: toIntakeResponse(row), screening: screeningAs(view, screened) };
    });
    try {
      return await updated;
    } catch (error: unknown) {
      if (error instanceof NotFoundException) await this.audit.recordNow({ ...audited, resourceType: 'client', resourceId: cmd.clientId, outcome: 'refused', reason: 'not-found' });
      throw error;
    }
  }
}
