import { addDays, SLOT_START_POLICY, toInstant, type LocalDate, type LocalTime } from './local-time';

/** One session of a series: its local date and time, and its instant unless the clocks skip that time. */
export type SeriesOccurrence =
  | { index: number; localDate: LocalDate; localTime: LocalTime; start: Date }
  | { index: number; localDate: LocalDate; localTime: LocalTime; problem: 'nonexistent-local-time' };

/**
 * The sessions of a series: `count` sessions every `everyWeeks` weeks at the first session's local time, so a
 * 09:00 series stays at 09:00 on the wall clock across DST changes. Starts are read with `SLOT_START_POLICY`:
 * a time the clocks skip that day is reported (not moved), one they repeat is its first occurrence. Each
 * start still has to pass `checkBooking`; the caller reports the sessions that could not be booked.
 */
export function seriesOccurrences(first: { date: LocalDate; time: LocalTime }, count: number, everyWeeks: number, timeZone: string): SeriesOccurrence[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
  if (!Number.isInteger(everyWeeks) || everyWeeks < 1) throw new RangeError('everyWeeks must be a positive integer');
  return Array.from({ length: count }, (_, index) => {
    const localDate = addDays(first.date, index * everyWeeks * 7);
    const start = toInstant(localDate, first.time, timeZone, SLOT_START_POLICY);
    return start ? { index, localDate, localTime: first.time, start } : { index, localDate, localTime: first.time, problem: 'nonexistent-local-time' as const };
  });
}

/** How large a series one request may book (the API's DTO reads these). */
export const SERIES_LIMITS = {
  count: { min: 2, max: 26 },
  everyWeeks: { min: 1, max: 12 },
} as const;
