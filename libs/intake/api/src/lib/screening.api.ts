import type { ScreeningOutcome, ScreeningRestrictionV1, ScreeningTrigger } from '@massage/contracts';
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

/**
 * One restriction: the codes `ScreeningCompleted` carries (which rule, what it limits, where, how far, until when)
 * plus what only readers of the full screening see: which answers fired it and what it means.
 */
export interface RestrictionResponse extends ScreeningRestrictionV1 {
  /** A short code of what it means (`no-massage-today`, `rise-slowly`), from the rule table. */
  summary: string;
  /** The answers that fired it, as paths into the intake (`medications.0`, `symptomsToday`). */
  triggeredBy: string[];
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
