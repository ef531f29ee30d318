import type { ClearanceStatus, ScreeningOutcome, ScreeningRestrictionV1 } from '@massage/contracts';
import type { ClearanceProjection, ScreeningProjection } from '@massage/scheduling-domain';
import type { EntityManager } from 'typeorm';

/** What scheduling knows of a client from intake's events: where they registered, their latest screening, their clearances. */
export interface ClientEligibility {
  /** The location that registered the client; undefined until ClientRegistered arrives. */
  registeredAt: string | undefined;
  screening: ScreeningProjection | undefined;
  clearances: ClearanceProjection[];
}

export type RegistrationRow = { location_id: string };
export type ScreeningRow = { outcome: ScreeningOutcome; restrictions: ScreeningRestrictionV1[]; table_version: string; as_of: Date };
export type ClearanceRow = { clearance_id: string; rules: string[]; status: ClearanceStatus; expires_at: Date };

/** Reads a client's eligibility projection in the caller's transaction. */
export async function readEligibility(manager: EntityManager, clientId: string): Promise<ClientEligibility> {
  const [registration] = (await manager.query(`SELECT location_id FROM client_registration WHERE client_id = $1`, [clientId])) as RegistrationRow[];
  const [screening] = (await manager.query(`SELECT outcome, restrictions, table_version, as_of FROM client_screening WHERE client_id = $1`, [clientId])) as ScreeningRow[];
  const clearances = (await manager.query(`SELECT clearance_id, rules, status, expires_at FROM client_clearance WHERE client_id = $1`, [clientId])) as ClearanceRow[];
  return toClientEligibility(clientId, registration, screening, clearances);
}

export function toClientEligibility(clientId: string, registration: RegistrationRow | undefined, screening: ScreeningRow | undefined, clearances: ClearanceRow[]): ClientEligibility {
  return {
    registeredAt: registration?.location_id,
    screening: screening && {
      clientId,
      outcome: screening.outcome,
      tableVersion: screening.table_version,
      asOf: screening.as_of,
      restrictions: screening.restrictions.map(({ reScreenBy, ...r }) => ({ ...r, ...(reScreenBy ? { reScreenBy: new Date(reScreenBy) } : {}) })),
    },
    clearances: clearances.map((c) => ({ id: c.clearance_id, rules: c.rules, status: c.status, expiresAt: c.expires_at })),
  };
}
