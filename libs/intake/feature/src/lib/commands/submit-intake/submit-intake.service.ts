import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IntakeCompleted } from '@massage/contracts';
import {
  checkIntakeSubmission,
  completeIntake,
  healthHistoryOf,
  normalizeIntakeSubmission,
  toIntakeCompletedPayload,
  type IntakeSubmission,
} from '@massage/intake-domain';
import type { IntakeResponse } from '@massage/intake-api';
import { OutboxWriter } from '@massage/messaging';
import { DataSource } from 'typeorm';
import { ClientEntity } from '../../client.entity';
import { IntakeEntity } from '../../intake.entity';
import { notFound } from '../../http/request-context';
import { toIntakeResponse } from '../../http/responses';
import { throwIfViolated } from '../../http/rule-violations';

export interface SubmitIntakeCommand {
  locationId: string;
  clientId: string;
  correlationId: string;
  submission: IntakeSubmission;
}

/**
 * Stores a signed intake for a client of the caller's location and enqueues IntakeCompleted
 * (codes only) in the same transaction. 404 when the client is not the location's.
 */
@Injectable()
export class SubmitIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async submit(cmd: SubmitIntakeCommand, now = new Date()): Promise<IntakeResponse> {
    const submission = normalizeIntakeSubmission(cmd.submission);
    throwIfViolated(checkIntakeSubmission(submission, now));

    return this.dataSource.transaction(async (manager) => {
      // FOR SHARE: the client cannot disappear (or move) between this read and the insert.
      const client = await manager.findOne(ClientEntity, {
        where: { id: cmd.clientId, locationId: cmd.locationId },
        lock: { mode: 'pessimistic_read' },
      });
      if (!client) throw notFound('client');

      const intake = completeIntake(submission, { id: randomUUID(), clientId: client.id, locationId: client.locationId }, now);
      const row = new IntakeEntity();
      row.id = intake.id;
      row.clientId = intake.clientId;
      row.locationId = intake.locationId;
      row.formVersion = intake.formVersion;
      row.healthHistory = healthHistoryOf(intake);
      row.goals = intake.goals;
      row.pressurePreference = intake.pressurePreference;
      row.consentGiven = intake.consent.given;
      row.consentSignedName = intake.consent.signedName;
      row.consentSignedAt = new Date(intake.consent.signedAt);
      row.submittedAt = now;

      await manager.insert(IntakeEntity, row);
      await this.outbox.enqueue(manager, IntakeCompleted, toIntakeCompletedPayload(intake), { correlationId: cmd.correlationId });
      return toIntakeResponse(row);
    });
  }
}
