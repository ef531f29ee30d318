import type { BodyRegion, ClearanceStatus, Positioning, PressureLevel, RestrictionKind, ScreeningOutcome, Technique } from '@massage/contracts';

/**
 * Scheduling's projection of one `ScreeningCompleted` (v1): what the booking check needs of a client's
 * latest screening. Fields mirror the event's restriction shape; instants are parsed to `Date`.
 */
export interface ScreeningProjection {
  clientId: string;
  outcome: ScreeningOutcome;
  tableVersion: string;
  /** The instant screened for; the latest screening of a client is the one with the latest `asOf`. */
  asOf: Date;
  restrictions: RestrictionProjection[];
}

/** One restriction of a screening (`ScreeningRestrictionV1`). */
export interface RestrictionProjection {
  /** The screening rule code, e.g. `DVT_ACT`. */
  rule: string;
  kind: RestrictionKind;
  techniques: 'all' | Technique[];
  regions: 'all' | BodyRegion[];
  /** Pressure cap; `none` = no work there at all; absent = no cap. */
  maxPressure?: PressureLevel | 'none';
  /** Carried for the therapist; not a booking rule (positioning is decided at the table). */
  positioning?: Positioning[];
  reScreenBy?: Date;
  /** CLEARANCE only: the clearance the screening found to satisfy it. */
  satisfiedBy?: string;
}

/** Scheduling's projection of a clearance, kept from `ClearanceRecorded`/`Expired`/`Revoked`. */
export interface ClearanceProjection {
  id: string;
  /** Rule codes it answers. */
  rules: string[];
  /** The clearance counts until (excluding) this instant. */
  expiresAt: Date;
  status: ClearanceStatus;
}

/** What a booking plans to do: the techniques, the focus regions and the deepest pressure planned. */
export interface TreatmentPlan {
  techniques: Technique[];
  focusRegions: BodyRegion[];
  pressure: PressureLevel;
}

/** The latest of a client's screenings (latest `asOf`; on a tie, the later in the list), or undefined. */
export function latestScreening<S extends { asOf: Date }>(screenings: readonly S[]): S | undefined {
  let latest: S | undefined;
  for (const s of screenings) if (!latest || s.asOf.getTime() >= latest.asOf.getTime()) latest = s;
  return latest;
}
