import type { BodyRegion, ClearanceStatus, PressureLevel, RestrictionKind, ScreeningOutcome, Technique } from '@massage/contracts';

/**
 * One restriction of a client's screening, as every service projects it from `ScreeningCompleted` (v1): the
 * rule code (`DVT_ACT`), its kind, what it limits and where, the pressure cap for those techniques there
 * (`none` = not at all), and for CLEARANCE the clearance that satisfies it. Positioning is not a coverage rule;
 * a re-screen date limits an ABSOLUTE restriction in time (`screeningFor`), no other.
 */
export interface Restriction {
  rule: string;
  kind: RestrictionKind;
  techniques: 'all' | readonly Technique[];
  regions: 'all' | readonly BodyRegion[];
  maxPressure?: PressureLevel | 'none';
  satisfiedBy?: string;
  /** Screen again by this instant (the event's `reScreenBy`, parsed). */
  reScreenBy?: Date;
}

/** What the coverage rules read of a client's latest screening. */
export interface ScreeningState {
  outcome: ScreeningOutcome;
  restrictions: readonly Restriction[];
}

/** A clearance as a service projects it from `ClearanceRecorded`/`Expired`/`Revoked`. */
export interface ClearanceState {
  id: string;
  /** Rule codes it answers. */
  rules: readonly string[];
  /** The clearance counts until (excluding) this instant. */
  expiresAt: Date;
  status: ClearanceStatus;
}

/** One piece of work: a technique on a region at a pressure (a session's line, or one cell of a plan). */
export interface WorkItem {
  technique: Technique;
  region: BodyRegion;
  pressure: PressureLevel;
}

/** What is wrong with the clearance a CLEARANCE restriction needs: none named, unknown, not recorded, revoked, or expiring too soon. */
export type ClearanceGap = 'none' | 'unknown' | 'not-recorded' | 'revoked' | 'expired';

/** Every reason the screening refuses work. Each names its rule; the last two also name the screening rule. */
export const SCREENING_REFUSAL_RULES = ['screening-pending', 'deferred', 'contraindicated', 'clearance-required'] as const;
export type ScreeningRefusalRule = (typeof SCREENING_REFUSAL_RULES)[number];

/** No screening of the client yet. */
export interface ScreeningPendingRefusal {
  rule: 'screening-pending';
}
/** The latest screening defers the client (its ABSOLUTE rules; empty if the outcome says deferred without one). */
export interface DeferredRefusal {
  rule: 'deferred';
  screeningRules: string[];
}
/**
 * A LOCAL or MODIFY restriction forbids some of the work: the techniques it blocks on the regions it covers,
 * or (`pressure`) its techniques above its cap there (`planned`: the deepest such work). A MODIFY refusal
 * always has `pressure`: a MODIFY forbids only its techniques above its cap.
 */
export interface ContraindicatedRefusal {
  rule: 'contraindicated';
  screeningRule: string;
  kind: Extract<RestrictionKind, 'LOCAL' | 'MODIFY'>;
  techniques: Technique[];
  regions: BodyRegion[];
  pressure?: { planned: PressureLevel; max: PressureLevel | 'none' };
  /** Positions (0-based) in the judged work list of the items it forbids. */
  items: number[];
}
/** A CLEARANCE restriction covers some of the work and no clearance is valid until the work ends. */
export interface ClearanceRequiredRefusal {
  rule: 'clearance-required';
  screeningRule: string;
  techniques: Technique[];
  regions: BodyRegion[];
  clearance: ClearanceGap;
  clearanceId?: string;
  /** Positions (0-based) in the judged work list of the items that need the clearance. */
  items: number[];
}
export type ScreeningRefusal = ScreeningPendingRefusal | DeferredRefusal | ContraindicatedRefusal | ClearanceRequiredRefusal;
