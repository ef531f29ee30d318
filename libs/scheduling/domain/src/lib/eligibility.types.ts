import type { BodyRegion, ClearanceStatus, Positioning, PressureLevel, ScreeningCompletedV1, ScreeningOutcome, ScreeningRestrictionV1, Technique } from '@massage/contracts';
import { addDays, boundaryInstant, localDateOf } from './local-time';

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
 * The end of a time-limited deferral at a location: the local midnight after the local day that holds its last
 * deferred instant (`reScreenBy` excluded). Intake's engine ends a today-only deferral at the UTC day's end,
 * having no zone; read at the location, the client's "today" is the local day, so the evening of that day (or its
 * morning, east of UTC) is not opened by the UTC boundary.
 */
export function deferralEnd(reScreenBy: Date, timeZone: string): Date {
  return boundaryInstant(addDays(localDateOf(new Date(reScreenBy.getTime() - 1), timeZone), 1), '00:00', timeZone);
}

/**
 * The client's screening as it stands for an appointment starting at `start` at a location in `timeZone`.
 *
 * An ABSOLUTE restriction with `reScreenBy` is a deferral the engine limits in time: a symptom answered today
 * (fever, a red flag) fires it with `reScreenBy` at that day's end ("come back when well"). It defers
 * appointments starting before its `deferralEnd`; for later ones it is dropped and the rest of the screening
 * still holds (its LOCAL, MODIFY and CLEARANCE restrictions): what the engine itself gives when it screens the
 * same answers on a later day. A screening whose every ABSOLUTE restriction has lapsed so is no longer `deferred`
 * (its outcome is read again from what remains); a `deferred` outcome naming no ABSOLUTE restriction defers for
 * ever, and no other restriction is dropped at its `reScreenBy` (screening again is due; the rule is not lifted).
 */
export function screeningFor(screening: ScreeningProjection | undefined, start: Date, timeZone: string): ScreeningProjection | undefined {
  if (!screening) return undefined;
  const lapsed = (r: RestrictionProjection): boolean => r.kind === 'ABSOLUTE' && r.reScreenBy !== undefined && start.getTime() >= deferralEnd(r.reScreenBy, timeZone).getTime();
  if (!screening.restrictions.some(lapsed)) return screening;
  const restrictions = screening.restrictions.filter((r) => !lapsed(r));
  return { ...screening, restrictions, outcome: screening.outcome === 'deferred' ? outcomeOf(restrictions) : screening.outcome };
}

/** The outcome a list of restrictions gives, as intake's engine ranks them (ABSOLUTE, unsatisfied CLEARANCE, LOCAL, MODIFY or satisfied CLEARANCE). */
function outcomeOf(restrictions: readonly RestrictionProjection[]): ScreeningOutcome {
  const kinds = (test: (r: RestrictionProjection) => boolean): boolean => restrictions.some(test);
  if (kinds((r) => r.kind === 'ABSOLUTE')) return 'deferred';
  if (kinds((r) => r.kind === 'CLEARANCE' && r.satisfiedBy === undefined)) return 'clearance-required';
  if (kinds((r) => r.kind === 'LOCAL')) return 'restricted';
  return restrictions.length > 0 ? 'modified' : 'cleared';
}
