import { IntakeCompleted, IntakeCompletedV2Event } from '@massage/contracts';
import { toIntakeCompletedPayload, toIntakeCompletedV2Payload, type CompletedIntake } from '@massage/intake-domain';
import type { OutboxWriter } from '@massage/messaging';
import type { EntityManager } from 'typeorm';
import { IntakeEntity } from './intake.entity';

/**
 * The id of the client's latest intake, which a new one follows (`previous_intake_id`). The caller holds the
 * client's row lock (FOR UPDATE), so no other intake of the client can commit in between.
 */
export async function latestIntakeId(manager: EntityManager, clientId: string): Promise<string | null> {
  const latest = await manager.findOne(IntakeEntity, { where: { clientId }, order: { submittedAt: 'DESC', id: 'DESC' }, select: { id: true } });
  return latest?.id ?? null;
}

/**
 * Stores a completed intake (full or visit update) and enqueues IntakeCompleted v2 and the deprecated v1
 * (mapped back from v2) in the caller's transaction: both or neither, v1 first, so a consumer that reads
 * either sees the client's intakes in commit order (ADR 0011).
 */
export async function insertIntake(
  manager: EntityManager,
  outbox: OutboxWriter,
  intake: CompletedIntake,
  meta: { takenBy: string; correlationId: string },
): Promise<IntakeEntity> {
  const row = new IntakeEntity();
  row.id = intake.id;
  row.clientId = intake.clientId;
  row.locationId = intake.locationId;
  row.formVersion = intake.formVersion;
  row.kind = intake.kind;
  row.previousIntakeId = intake.previousIntakeId;
  row.answers = intake.answers;
  row.healthHistory = null;
  row.pressurePreference = null;
  row.goals = intake.goals;
  row.consentGiven = intake.consent.given;
  row.consentSignedName = intake.consent.signedName;
  row.consentSignedAt = new Date(intake.consent.signedAt);
  row.consentTextVersion = intake.consent.textVersion;
  row.consentTextHash = intake.consent.textHash;
  row.consentValidUntil = new Date(intake.consent.validUntil);
  row.submittedAt = new Date(intake.submittedAt);
  row.takenBy = meta.takenBy;
  await manager.insert(IntakeEntity, row);
  await outbox.enqueue(manager, IntakeCompleted, toIntakeCompletedPayload(intake), { correlationId: meta.correlationId });
  await outbox.enqueue(manager, IntakeCompletedV2Event, toIntakeCompletedV2Payload(intake), { correlationId: meta.correlationId });
  return row;
}
