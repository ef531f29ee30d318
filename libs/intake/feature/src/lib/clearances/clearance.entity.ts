import type { BodyRegion, ClearanceStatus, Positioning, PressureLevel, Technique } from '@massage/contracts';
import type { ClearanceInput } from '@massage/intake-screening';
import { Column, Entity, PrimaryColumn, type EntityManager, type ValueTransformer } from 'typeorm';

/** A scope list, or `all`; stored as a text[] where `{all}` (alone, a CHECK says so) means every one. */
export type ScopeList<T extends string> = T[] | 'all';

const ALL = 'all';
/** `'all'` ↔ `{all}`; lists and null pass through. */
const scopeList: ValueTransformer = {
  to: (value: ScopeList<string> | null | undefined) => (value === ALL ? [ALL] : value),
  from: (value: string[] | null) => (value !== null && value.length === 1 && value[0] === ALL ? ALL : value),
};

/**
 * A physician's clearance for a client (issue 7, "Clearance workflow"; screening-rules.md, CLEARANCE): the
 * rules it answers, who was asked, and, once recorded, the scope the physician cleared and until when.
 *
 * Lifecycle: `requested` → `recorded` → `expired` | `revoked`, or `recorded` directly when the client brings a
 * physician's letter without a prior request (then the request columns stay null). Only a recorded clearance
 * (and its later expired/revoked states) is an input of the screening engine: a request clears nothing.
 * The provider's name and contact are free text and stay in this database; events carry ids and codes only.
 */
@Entity({ name: 'clearance' })
export class ClearanceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId: string;

  @Column({ name: 'location_id', type: 'text' })
  locationId: string;

  /** Rule codes of the rule table it answers (each a rule with a CLEARANCE effect). */
  @Column({ type: 'text', array: true })
  rules: string[];

  @Column({ type: 'text' })
  status: ClearanceStatus;

  /** The physician (or clinic) asked or whose letter was brought in: free text, never published. */
  @Column({ name: 'provider_name', type: 'text' })
  providerName: string;

  /** How to reach the provider (address, fax, e-mail), for the letter: free text, never published. */
  @Column({ name: 'provider_contact', type: 'text', nullable: true })
  providerContact: string | null;

  /** What the request asks to be cleared (null = not said, or recorded without a request). */
  @Column({ name: 'requested_techniques', type: 'text', array: true, nullable: true, transformer: scopeList })
  requestedTechniques: ScopeList<Technique> | null;

  @Column({ name: 'requested_sites', type: 'text', array: true, nullable: true, transformer: scopeList })
  requestedSites: ScopeList<BodyRegion> | null;

  @Column({ name: 'requested_max_pressure', type: 'text', nullable: true })
  requestedMaxPressure: PressureLevel | null;

  @Column({ name: 'requested_at', type: 'timestamptz', nullable: true })
  requestedAt: Date | null;

  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy: string | null;

  /** The scope the physician cleared (set when recorded). */
  @Column({ type: 'text', array: true, nullable: true, transformer: scopeList })
  techniques: ScopeList<Technique> | null;

  @Column({ type: 'text', array: true, nullable: true, transformer: scopeList })
  sites: ScopeList<BodyRegion> | null;

  @Column({ name: 'max_pressure', type: 'text', nullable: true })
  maxPressure: PressureLevel | null;

  @Column({ type: 'text', array: true, nullable: true })
  positioning: Positioning[] | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
  recordedAt: Date | null;

  @Column({ name: 'recorded_by', type: 'text', nullable: true })
  recordedBy: string | null;

  /** The clearance counts until (excluding) this instant; the expiry job marks it expired then. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** Where the physician's letter is kept (a document id or URL), not the letter itself. */
  @Column({ name: 'document_ref', type: 'text', nullable: true })
  documentRef: string | null;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy: string | null;

  /** A code from CLEARANCE_REVOKE_REASONS (@massage/contracts). */
  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason: string | null;
}

/** A clearance that has been recorded (whatever happened to it since): the ones the engine is given. */
export type RecordedClearance = ClearanceEntity & { recordedAt: Date; expiresAt: Date; techniques: ScopeList<Technique>; sites: ScopeList<BodyRegion> };

export function isRecorded(c: ClearanceEntity): c is RecordedClearance {
  return c.recordedAt !== null && c.expiresAt !== null && c.techniques !== null && c.sites !== null;
}

/**
 * The engine's view of a recorded clearance. Expired ones are passed too (the engine compares expiresAt with
 * its as-of instant) and revoked ones with revokedAt set: both count as none, and the result can still say why.
 */
export function toClearanceInput(c: RecordedClearance): ClearanceInput {
  return {
    id: c.id,
    rules: [...c.rules],
    techniques: c.techniques === ALL ? ALL : [...c.techniques],
    sites: c.sites === ALL ? ALL : [...c.sites],
    ...(c.maxPressure !== null ? { maxPressure: c.maxPressure } : {}),
    ...(c.positioning !== null && c.positioning.length > 0 ? { positioning: [...c.positioning] } : {}),
    expiresAt: c.expiresAt.toISOString(),
    ...(c.revokedAt !== null ? { revokedAt: c.revokedAt.toISOString() } : {}),
  };
}

/**
 * What counts for screening a client: every clearance of the client that was ever recorded, in the caller's
 * transaction (requests are left out: a request clears nothing). The screening recorder calls this.
 */
export async function clearanceInputsOf(manager: EntityManager, clientId: string): Promise<ClearanceInput[]> {
  const rows = await manager
    .createQueryBuilder(ClearanceEntity, 'c')
    .where('c.client_id = :clientId', { clientId })
    .andWhere('c.recorded_at IS NOT NULL')
    .orderBy('c.recorded_at', 'ASC')
    .addOrderBy('c.id', 'ASC')
    .getMany();
  return rows.filter(isRecorded).map(toClearanceInput);
}
