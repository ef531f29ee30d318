import type { Closure, SchedulingLocation, Therapist, WeeklyHours, LocalWindow } from './calendar.types';
import { boundaryInstant, datesBetween, weekdayOf, type LocalDate } from './local-time';
import { normalize, intersect, subtract, type Interval } from './intervals';

/** Whether a closure covers the local date. */
export function isClosed(closures: readonly Closure[], date: LocalDate): boolean {
  return closures.some((c) => c.from <= date && date <= c.to);
}

/** A local window of a date as instants, boundaries read with `BOUNDARY_POLICY`. */
function windowOn(date: LocalDate, window: LocalWindow, timeZone: string): Interval {
  return { start: boundaryInstant(date, window.from, timeZone).getTime(), end: boundaryInstant(date, window.to, timeZone).getTime() };
}

function weeklyIntervals(hours: WeeklyHours, dates: readonly LocalDate[], timeZone: string, skip: (date: LocalDate) => boolean): Interval[] {
  const spans: Interval[] = [];
  for (const date of dates) {
    if (skip(date)) continue;
    for (const w of hours[weekdayOf(date)] ?? []) spans.push(windowOn(date, w, timeZone));
  }
  return normalize(spans);
}

/** When the location is open between two local dates (included): its weekly hours minus its closures, as instants. */
export function openingIntervals(location: SchedulingLocation, from: LocalDate, to: LocalDate): Interval[] {
  return weeklyIntervals(location.openingHours, datesBetween(from, to), location.timeZone, (d) => isClosed(location.closures, d));
}

/** When a therapist's shifts at the location run between two local dates (included), as instants. */
export function shiftIntervals(therapist: Therapist, location: SchedulingLocation, from: LocalDate, to: LocalDate): Interval[] {
  const spans: Interval[] = [];
  for (const date of datesBetween(from, to)) {
    const weekday = weekdayOf(date);
    for (const s of therapist.shifts) {
      if (s.locationId !== location.id || s.weekday !== weekday) continue;
      if ((s.validFrom && date < s.validFrom) || (s.validTo && date > s.validTo)) continue;
      spans.push(windowOn(date, s, location.timeZone));
    }
  }
  return normalize(spans);
}

/**
 * When a therapist can hold an appointment at the location: open, on shift, not on time off. An
 * appointment (without its buffer) must fit inside one of these spans; the buffer may run past them.
 */
export function workableIntervals(therapist: Therapist, location: SchedulingLocation, from: LocalDate, to: LocalDate): Interval[] {
  const open = intersect(openingIntervals(location, from, to), shiftIntervals(therapist, location, from, to));
  return subtract(
    open,
    therapist.timeOff.map((t) => ({ start: t.from.getTime(), end: t.to.getTime() })),
  );
}
