import type { BodyRegion, Positioning, PressureLevel, RestrictionKind, ScreeningOutcome, ScreeningTrigger, Technique } from '@massage/contracts';
import type { IntakeResponse } from './intake.api';

/**
 * A client's screening as front desk sees it (`screening-outcome:read`): whether and how the client can be seen,
 * never the rules or answers behind it.
 */
export interface ScreeningOutcomeResponse {
  /** Screening id (uuid). */
  id: string;
  clientId: string;
  locationId: string;
  /** The intake (or visit update) whose answers were screened. */
  intakeId: string;
  /** The rule-table version used. */
  tableVersion: string;
  /** The instant screened for (RFC 3339, UTC). */
  asOf: string;
  /** What made intake screen: `intake`, `visit-update`, `clearance-recorded`, `clearance-revoked`, `clearance-expired`. */
  trigger: ScreeningTrigger;
  /** `deferred` (no massage today), `clearance-required`, `restricted`, `modified` or `cleared`. */
  outcome: ScreeningOutcome;
}

/** One restriction: which rule fired, on which answers, and what it limits. */
export interface RestrictionResponse {
  /** Rule code of the table version, e.g. `ANTICOAG`. */
  rule: string;
  kind: RestrictionKind;
  /** `all`, or the techniques it concerns. */
  techniques: 'all' | Technique[];
  /** `all` (the whole body), or the regions it concerns. */
  regions: 'all' | BodyRegion[];
  /** Pressure cap (P1–P5), `none` for no work there; absent = no cap. */
  maxPressure?: PressureLevel | 'none';
  positioning: Positioning[];
  /** When to screen again (RFC 3339), if the rule sets an interval. */
  reScreenBy?: string;
  /** A short code of what it means (`no-massage-today`, `rise-slowly`), from the rule table. */
  summary: string;
  /** The answers that fired it, as paths into the intake (`medications.0`, `symptomsToday`). */
  triggeredBy: string[];
  /** For CLEARANCE: the recorded clearance that satisfies it (it then no longer blocks). */
  satisfiedBy?: string;
}

/** A client's screening in full (`screening:read`: therapists in care, managers, HQ). */
export interface ScreeningResponse extends ScreeningOutcomeResponse {
  restrictions: RestrictionResponse[];
  /** Rules whose questions must be answered again at the next visit update. */
  reAskEveryVisit: string[];
}

/** `GET …/screenings`: latest first; items are outcome-only for front desk, full otherwise. */
export interface ScreeningListResponse {
  items: (ScreeningResponse | ScreeningOutcomeResponse)[];
}

/** Answer of `POST …/visit-updates`: the new intake version and its screening (outcome only for front desk). */
export interface VisitUpdateResponse {
  intake: IntakeResponse;
  screening: ScreeningResponse | ScreeningOutcomeResponse;
}
