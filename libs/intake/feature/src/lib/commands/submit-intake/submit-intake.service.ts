import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { IdempotencyStore, requestFingerprint } from '@massage/idempotency';
import { checkIntakeSubmission, completeIntake, normalizeIntakeSubmission, type IntakeSubmission } from '@massage/intake-domain';
import type { IntakeResponse } from '@massage/intake-api';
import { OutboxWriter } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import type { Actor } from '@massage/security';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { insertIntake, latestIntakeId } from '../../intake.records';
import { notFound } from '../../http/request-context';
import { toIntakeResponse } from '../../http/responses';
import { throwIfViolated } from '../../http/rule-violations';
import { ScreeningRecorder } from '../../screening/screening-recorder';

export interface SubmitIntakeCommand {
  locationId: string;
  clientId: string;
  correlationId: string;
  submission: IntakeSubmission;
  /** Who took the intake: recorded on it (`taken_by`) and in the audit trail. */
  actor: Actor;
  idempotencyKey: string;
}

/**
 * Stores a signed full intake on a current form (v2) for a client of the caller's location, with its author
 * and the intake it follows, and enqueues IntakeCompleted v2 and v1 (codes only), the audit row and the
 * idempotency key's response in the same transaction. 400 naming the field for an unknown or retired form
 * version or a broken rule (nothing stored); 404 when the client is not the location's (audited as a refusal).
 */
@Injectable()
export class SubmitIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly idempotency: IdempotencyStore,
    private readonly screening: ScreeningRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `now` defaults to the service clock (the instant screened for, as every clearance change uses). */
  async submit(cmd: SubmitIntakeCommand, now = this.clock.now()): Promise<IntakeResponse> {
    const submission = normalizeIntakeSubmission(cmd.submission);
    throwIfViolated(checkIntakeSubmission(submission, now));

    const audited = { actor: cmd.actor, action: 'write', operation: 'intake.submit', clientId: cmd.clientId, locationId: cmd.locationId, correlationId: cmd.correlationId } as const;
    const path = `/clients/${cmd.clientId}/intakes`;
    const request = { scope: `${cmd.locationId}/${cmd.actor.subject}`, key: cmd.idempotencyKey, fingerprint: requestFingerprint('POST', path, cmd.submission) };
    const submitted = this.idempotency.once(this.dataSource, request, 201, async (manager) => {
      // FOR UPDATE, not FOR SHARE: the client cannot disappear (or move) before the insert, AND two
      // intakes of one client commit one after the other, so their outbox seq order (the client's order
      // on Kafka) is their commit order. Under FOR SHARE both could run at once and commit crosswise.
      const client = await manager.findOne(ClientEntity, {
        where: { id: cmd.clientId, locationId: cmd.locationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!client) throw notFound('client');

      const intake = completeIntake(
        submission,
        { id: randomUUID(), clientId: client.id, locationId: client.locationId, previousIntakeId: await latestIntakeId(manager, client.id) },
        now,
      );
      const row = await insertIntake(manager, this.outbox, intake, { takenBy: cmd.actor.subject, correlationId: cmd.correlationId });
      // Screened in the same transaction: IntakeCompleted and ScreeningCompleted commit together, in this order.
      await this.screening.screenWithin(manager, { clientId: client.id, locationId: client.locationId, intakeId: row.id, trigger: 'intake', correlationId: cmd.correlationId, asOf: now });
      await this.audit.record(manager, { ...audited, resourceType: 'intake', resourceId: row.id, outcome: 'allowed' });
      return toIntakeResponse(row);
    });
    try {
      return await submitted;
    } catch (error: unknown) {
      if (error instanceof NotFoundException) await this.audit.recordNow({ ...audited, resourceType: 'client', resourceId: cmd.clientId, outcome: 'refused', reason: 'not-found' });
      throw error;
    }
  }
}
