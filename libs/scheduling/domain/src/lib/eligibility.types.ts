import type { BodyRegion, ClearanceStatus, Positioning, PressureLevel, ScreeningCompletedV1, ScreeningRestrictionV1, Technique } from '@massage/contracts';

/**
 * Scheduling's projection of one `ScreeningCompleted` (v1): what the booking check needs of a client's
 * latest screening. Fields are the event's; instants are parsed to `Date`.
 */
export interface ScreeningProjection extends Pick<ScreeningCompletedV1, 'clientId' | 'outcome' | 'tableVersion'> {
  /** The instant screened for; the latest screening of a client is the one with the latest `asOf`. */
  asOf: Date;
  restrictions: RestrictionProjection[];
}

/**
 * One restriction of a screening: the event's `ScreeningRestrictionV1` (rule code such as `DVT_ACT`, kind,
 * techniques, regions, `maxPressure` where `none` = no work there, `satisfiedBy` for CLEARANCE), with its
 * instant parsed and positioning optional (it is carried for the therapist, not a booking rule).
 */
export interface RestrictionProjection extends Omit<ScreeningRestrictionV1, 'positioning' | 'reScreenBy'> {
  positioning?: Positioning[];
  reScreenBy?: Date;
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

/**
 * The deferral rules (ADR 0018) live in `@massage/clinical-restrictions`, which treatment reads too:
 * `deferralEnd` (the local midnight after a today-only deferral's last day) and `screeningFor` (the screening as
 * it stands for an appointment starting at an instant at a location, lapsed deferrals dropped).
 */
export { deferralEnd, screeningFor } from '@massage/clinical-restrictions';
