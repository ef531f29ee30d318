import type { ClearanceStatus, ScreeningOutcome, ScreeningRestrictionV1 } from '@massage/contracts';
import type { ScreeningContext } from '@massage/treatment-domain';
import type { EntityManager } from 'typeorm';

/**
 * The client's latest screening and their clearances, as treatment's projection of intake's events holds them,
 * with the zone of the location the work is at (a today-only deferral ends at its local midnight, ADR 0018).
 */
export async function readScreeningContext(manager: EntityManager, clientId: string, locationId: string): Promise<ScreeningContext> {
  const [screening] = (await manager.query(`SELECT screening_id, outcome, restrictions FROM client_screening WHERE client_id = $1`, [clientId])) as {
    screening_id: string;
    outcome: ScreeningOutcome;
    restrictions: ScreeningRestrictionV1[];
  }[];
  const clearances = (await manager.query(`SELECT clearance_id, rules, status, expires_at FROM client_clearance WHERE client_id = $1`, [clientId])) as {
    clearance_id: string;
    rules: string[];
    status: ClearanceStatus;
    expires_at: Date;
  }[];
  const [location] = (await manager.query(`SELECT time_zone FROM known_location WHERE location_id = $1`, [locationId])) as { time_zone: string }[];
  return {
    screening: screening && {
      screeningId: screening.screening_id,
      outcome: screening.outcome,
      restrictions: screening.restrictions.map(({ reScreenBy, positioning: _, ...r }) => ({ ...r, ...(reScreenBy ? { reScreenBy: new Date(reScreenBy) } : {}) })),
    },
    clearances: clearances.map((c) => ({ id: c.clearance_id, rules: c.rules, status: c.status, expiresAt: c.expires_at })),
    ...(location ? { timeZone: location.time_zone } : {}),
  };
}
