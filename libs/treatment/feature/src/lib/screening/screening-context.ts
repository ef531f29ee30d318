import type { ClearanceStatus, ScreeningOutcome, ScreeningRestrictionV1 } from '@massage/contracts';
import type { ScreeningContext } from '@massage/treatment-domain';
import type { EntityManager } from 'typeorm';

/** The client's latest screening and their clearances, as treatment's projection of intake's events holds them. */
export async function readScreeningContext(manager: EntityManager, clientId: string): Promise<ScreeningContext> {
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
  return {
    screening: screening && { screeningId: screening.screening_id, outcome: screening.outcome, restrictions: screening.restrictions },
    clearances: clearances.map((c) => ({ id: c.clearance_id, rules: c.rules, status: c.status, expiresAt: c.expires_at })),
  };
}
