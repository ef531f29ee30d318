import { ClearanceExpired, ClearanceRecorded, ClearanceRevoked, type ClearanceExpiredV1, type ClearanceRecordedV1, type ClearanceRevokedV1 } from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';

/**
 * Writes one state of a clearance, unless the projection holds a later one (`changed_at`, the event's own instant):
 * a replayed ClearanceRecorded never revives a clearance revoked or expired since. A state whose clearance was
 * never seen (a topic read from a compacted or trimmed start) is kept as it comes.
 */
async function upsertClearance(
  manager: EntityManager,
  c: { clearanceId: string; clientId: string; rules: string[] },
  status: 'recorded' | 'expired' | 'revoked',
  expiresAt: string,
  changedAt: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO client_clearance (clearance_id, client_id, rules, status, expires_at, changed_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (clearance_id) DO UPDATE SET rules = EXCLUDED.rules, status = EXCLUDED.status, expires_at = EXCLUDED.expires_at, changed_at = EXCLUDED.changed_at
     WHERE client_clearance.changed_at <= EXCLUDED.changed_at`,
    [c.clearanceId, c.clientId, c.rules, status, expiresAt, changedAt],
  );
}

/**
 * Keeps the client's clearances (which screening rules each answers, until when, and whether it still counts):
 * the booking check accepts a CLEARANCE restriction only when the clearance its screening names is recorded here
 * and valid for the whole appointment.
 */
@Controller()
export class ClearanceEventsHandler {
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
    // A revocation keeps the expiry it had; for a clearance never seen, it counts as none from the revocation on.
    await ctx.manager.query(
      `INSERT INTO client_clearance (clearance_id, client_id, rules, status, expires_at, changed_at) VALUES ($1, $2, $3, 'revoked', $4, $4)
       ON CONFLICT (clearance_id) DO UPDATE SET status = 'revoked', changed_at = EXCLUDED.changed_at
       WHERE client_clearance.changed_at <= EXCLUDED.changed_at`,
      [c.clearanceId, c.clientId, c.rules, c.revokedAt],
    );
  }
}
