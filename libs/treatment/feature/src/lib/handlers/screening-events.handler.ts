import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ClearanceExpired,
  ClearanceRecorded,
  ClearanceRevoked,
  PlanReviewNeeded,
  ScreeningCompleted,
  type ClearanceExpiredV1,
  type ClearanceRecordedV1,
  type ClearanceRevokedV1,
  type ScreeningCompletedV1,
} from '@massage/contracts';
import { OutboxWriter, type ReliableEventContext } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import { reviewOnNewScreening } from '@massage/treatment-domain';
import type { EntityManager } from 'typeorm';
import { lockActivePlans, lockClientPlans, savePlan } from '../plans/plan.store';
import { readScreeningContext } from '../screening/screening-context';

/** One state of a clearance, unless the projection holds a later one (a replay never revives a revoked clearance). */
async function upsertClearance(manager: EntityManager, c: { clearanceId: string; clientId: string; rules: string[] }, status: 'recorded' | 'expired' | 'revoked', expiresAt: string, changedAt: string): Promise<void> {
  await manager.query(
    `INSERT INTO client_clearance (clearance_id, client_id, rules, status, expires_at, changed_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (clearance_id) DO UPDATE SET rules = EXCLUDED.rules, status = EXCLUDED.status, expires_at = EXCLUDED.expires_at, changed_at = EXCLUDED.changed_at
     WHERE client_clearance.changed_at <= EXCLUDED.changed_at`,
    [c.clearanceId, c.clientId, c.rules, status, expiresAt, changedAt],
  );
}

/**
 * Intake's screening of a client, projected through the inbox: the latest screening (an older one, replayed or
 * late, never replaces a newer one) and the clearances it may name. A new screening that restricts an active plan
 * flags the plan for review and publishes PlanReviewNeeded, in the same transaction as the inbox row; one that no
 * longer restricts a flagged plan clears its flag.
 */
@Controller()
export class ScreeningEventsHandler {
  constructor(
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @EventPattern(ScreeningCompleted.type)
  async screened(@Payload() s: ScreeningCompletedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    const { manager } = ctx;
    await lockClientPlans(manager, s.clientId);
    const applied = (await manager.query(
      `INSERT INTO client_screening (client_id, screening_id, location_id, outcome, restrictions, table_version, as_of, received_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)
       ON CONFLICT (client_id) DO UPDATE SET
         screening_id = EXCLUDED.screening_id, location_id = EXCLUDED.location_id, outcome = EXCLUDED.outcome, restrictions = EXCLUDED.restrictions,
         table_version = EXCLUDED.table_version, as_of = EXCLUDED.as_of, received_at = EXCLUDED.received_at
       WHERE client_screening.as_of <= EXCLUDED.as_of
       RETURNING client_id`,
      [s.clientId, s.screeningId, s.locationId, s.outcome, JSON.stringify(s.restrictions), s.tableVersion, s.asOf, this.clock.now()],
    )) as unknown[];
    if (applied.length === 0) return;
    const now = this.clock.now();
    for (const stored of await lockActivePlans(manager, s.clientId)) {
      // The domain flags a plan once per screening, and clears the flag of a plan the new screening no longer restricts.
      const effect = reviewOnNewScreening(stored.plan, await readScreeningContext(manager, s.clientId, stored.plan.locationId), now);
      if (effect.change === 'none') continue;
      await savePlan(manager, { ...stored, plan: effect.plan });
      if (effect.change !== 'flagged') continue;
      const { review, plan } = effect;
      await this.outbox.enqueue(
        manager,
        PlanReviewNeeded,
        { planId: plan.planId, clientId: plan.clientId, locationId: plan.locationId, screeningId: review.screeningId, rules: review.rules, flaggedAt: review.flaggedAt.toISOString() },
        { correlationId: ctx.envelope.correlationId, causationId: ctx.envelope.id },
      );
    }
  }

  @EventPattern(ClearanceRecorded.type)
  async recorded(@Payload() c: ClearanceRecordedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await upsertClearance(ctx.manager, c, 'recorded', c.expiresAt, c.recordedAt);
  }

  @EventPattern(ClearanceExpired.type)
  async expired(@Payload() c: ClearanceExpiredV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await upsertClearance(ctx.manager, c, 'expired', c.expiresAt, c.expiredAt);
  }

  @EventPattern(ClearanceRevoked.type)
  async revoked(@Payload() c: ClearanceRevokedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    // A revoked clearance counts as none whatever its expiry; for one never seen, from the revocation on.
    await upsertClearance(ctx.manager, c, 'revoked', c.revokedAt, c.revokedAt);
  }
}
