import type { ScreeningOutcome } from '@massage/contracts';
import { DateTime, IANAZone } from 'luxon';
import type { Restriction, ScreeningState } from './restriction.types';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * The end of a time-limited deferral at a location: the local midnight after the local day that holds its last
 * deferred instant (`reScreenBy` excluded). Intake's engine ends a today-only deferral at the UTC day's end,
 * having no zone; read at the location, the client's "today" is the local day, so the evening of that day (or its
 * morning, east of UTC) is not opened by the UTC boundary. The midnight is the first instant the wall clock shows
 * it or later (scheduling's boundary policy): a doubled midnight is its first occurrence, a skipped one the jump.
 * Resolved here rather than by luxon's `startOf('day')`, which moves a skipped midnight's whole day an hour on.
 */
export function deferralEnd(reScreenBy: Date, timeZone: string): Date {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new Error(`unknown IANA time zone: ${timeZone}`);
  const lastDay = DateTime.fromMillis(reScreenBy.getTime() - 1, { zone }).toISODate() as string;
  // The next local midnight read as if UTC; the instant is this minus the offset in force then.
  const wall = Date.parse(`${lastDay}T00:00:00Z`) + DAY_MS;
  const before = zone.offset(wall - DAY_MS);
  const after = zone.offset(wall + DAY_MS);
  const instants = [before, after].map((o) => wall - o * MINUTE_MS).filter((ms) => ms === wall - zone.offset(ms) * MINUTE_MS);
  if (instants.length > 0) return new Date(Math.min(...instants));
  // Skipped: the old offset puts it after the jump, the new one before; find the jump.
  let lo = wall - after * MINUTE_MS;
  let hi = wall - before * MINUTE_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offset(mid) === after) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/**
 * The client's screening as it stands for work starting at `start` at a location in `timeZone` (ADR 0018).
 *
 * An ABSOLUTE restriction with `reScreenBy` is a deferral the engine limits in time: a symptom answered today
 * (fever, a red flag) fires it with `reScreenBy` at that day's end ("come back when well"). It defers work
 * starting before its `deferralEnd`; for later work it is dropped and the rest of the screening still holds (its
 * LOCAL, MODIFY and CLEARANCE restrictions): what the engine itself gives when it screens the same answers on a
 * later day. A screening whose every ABSOLUTE restriction has lapsed so is no longer `deferred` (its outcome is
 * read again from what remains); a `deferred` outcome naming no ABSOLUTE restriction defers for ever, and no other
 * restriction is dropped at its `reScreenBy` (screening again is due; the rule is not lifted).
 */
export function screeningFor<S extends ScreeningState>(screening: S | undefined, start: Date, timeZone: string): S | undefined {
  if (!screening) return undefined;
  const lapsed = (r: Restriction): boolean => r.kind === 'ABSOLUTE' && r.reScreenBy !== undefined && start.getTime() >= deferralEnd(r.reScreenBy, timeZone).getTime();
  if (!screening.restrictions.some(lapsed)) return screening;
  const restrictions = screening.restrictions.filter((r) => !lapsed(r));
  return { ...screening, restrictions, outcome: screening.outcome === 'deferred' ? outcomeOf(restrictions) : screening.outcome };
}

/** The outcome a list of restrictions gives, as intake's engine ranks them (ABSOLUTE, unsatisfied CLEARANCE, LOCAL, MODIFY or satisfied CLEARANCE). */
function outcomeOf(restrictions: readonly Restriction[]): ScreeningOutcome {
  const kinds = (test: (r: Restriction) => boolean): boolean => restrictions.some(test);
  if (kinds((r) => r.kind === 'ABSOLUTE')) return 'deferred';
  if (kinds((r) => r.kind === 'CLEARANCE' && r.satisfiedBy === undefined)) return 'clearance-required';
  if (kinds((r) => r.kind === 'LOCAL')) return 'restricted';
  return restrictions.length > 0 ? 'modified' : 'cleared';
}
