import { IANAZone } from 'luxon';

/** A calendar date in a location's zone, `YYYY-MM-DD`. */
export type LocalDate = string;
/** A wall-clock time, `HH:mm` (`00:00`–`23:59`; `24:00` is allowed as the end of a window: the next day's midnight). */
export type LocalTime = string;

/** ISO weekdays, Monday first (luxon's `weekday` 1–7 indexes this list from 1). */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** True for `HH:mm` from `00:00` to `24:00`. */
export function isLocalTime(value: string): boolean {
  const m = TIME_RE.exec(value);
  if (!m) return false;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return (h < 24 && min < 60) || (h === 24 && min === 0);
}

/** Minutes since local midnight of `HH:mm` (`24:00` → 1440). */
export function minuteOfDay(time: LocalTime): number {
  const m = TIME_RE.exec(time);
  if (!m || !isLocalTime(time)) throw new Error(`not a local time: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** `HH:mm` of a minute of the day (0–1440). */
export function formatMinuteOfDay(minutes: number): LocalTime {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The date `days` days after `date` (negative: before). Pure calendar arithmetic, no zone involved. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The dates from `from` to `to`, both included (empty when `to` is before `from`). */
export function datesBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export function weekdayOf(date: LocalDate): Weekday {
  const utcDay = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(utcDay + 6) % 7];
}

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * How a local date and time maps to instants in a zone. Wall-clock time jumps twice a year where the
 * zone has DST, so the mapping is not one-to-one:
 * - `unique`: the usual case.
 * - `ambiguous`: the clocks fell back and showed this time twice (Toronto 2025-11-02 01:30 is 05:30Z and 06:30Z).
 * - `nonexistent`: the clocks sprang forward over it (Toronto 2025-03-09 02:30). `gapEnd` is the instant the
 *   clocks jumped, the first instant whose wall time is later than the asked one.
 */
export type LocalTimeResolution =
  | { kind: 'unique'; instant: Date }
  | { kind: 'ambiguous'; earlier: Date; later: Date }
  | { kind: 'nonexistent'; gapEnd: Date };

/**
 * What to do with the two awkward cases. Named so every caller states its choice:
 * - `nonexistent: 'skip'` → no instant (a slot at 02:30 on spring-forward day is not offered);
 *   `'gap-end'` → the instant the clocks jumped (a shop opening at 02:30 opens at 03:00 new time).
 * - `ambiguous: 'earlier'` → the first occurrence (the earlier offset, before the clocks fell back).
 */
export interface LocalTimePolicy {
  nonexistent: 'skip' | 'gap-end';
  ambiguous: 'earlier' | 'later';
}

/**
 * Window boundaries (opening hours, shifts): a local time means the first instant at which the wall clock
 * shows that time or later. So an ambiguous boundary is its first occurrence and a nonexistent one is the
 * jump; a window never loses or gains a boundary on DST days, only real minutes.
 */
export const BOUNDARY_POLICY: LocalTimePolicy = { nonexistent: 'gap-end', ambiguous: 'earlier' };
/**
 * Slot starts: a 09:00 slot is 09:00 on the wall clock, whatever the offset that day. A start that does not
 * exist is skipped; one that exists twice is offered once, at its first occurrence.
 */
export const SLOT_START_POLICY: LocalTimePolicy = { nonexistent: 'skip', ambiguous: 'earlier' };

const zones = new Map<string, IANAZone>();
function zoneOf(timeZone: string): IANAZone {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = IANAZone.create(timeZone);
    if (!zone.isValid) throw new Error(`unknown IANA time zone: ${timeZone}`);
    zones.set(timeZone, zone);
  }
  return zone;
}

/** The zone's UTC offset at an instant, in minutes. */
function offsetAt(zone: IANAZone, ms: number): number {
  return zone.offset(ms);
}

// Resolutions are pure; searches and checks ask for the same few boundaries over and over. Bounded, so a
// long-running service does not grow it forever.
const resolutions = new Map<string, LocalTimeResolution>();
const MAX_RESOLUTIONS = 20_000;

/** Resolves a local date and time in an IANA zone to the instant(s) it names (see `LocalTimeResolution`). */
export function resolveLocalTime(date: LocalDate, time: LocalTime, timeZone: string): LocalTimeResolution {
  const key = `${timeZone} ${date} ${time}`;
  let r = resolutions.get(key);
  if (!r) {
    r = resolveUncached(date, time, timeZone);
    if (resolutions.size >= MAX_RESOLUTIONS) resolutions.clear();
    resolutions.set(key, r);
  }
  return r;
}

function resolveUncached(date: LocalDate, time: LocalTime, timeZone: string): LocalTimeResolution {
  const zone = zoneOf(timeZone);
  // The wall time read as if it were UTC; the real instant is this minus the offset in force then.
  const wall = Date.parse(`${date}T00:00:00Z`) + minuteOfDay(time) * MINUTE_MS;
  // Offsets a day either side: transitions are months apart in every zone we serve, so these are the only candidates.
  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((ms) => wall - offsetAt(zone, ms) * MINUTE_MS === ms)
    .sort((a, b) => a - b);
  if (candidates.length === 1) return { kind: 'unique', instant: new Date(candidates[0]) };
  if (candidates.length === 2) return { kind: 'ambiguous', earlier: new Date(candidates[0]), later: new Date(candidates[1]) };
  // A gap: read with the old offset the time lands after the jump, with the new one before it. Find the jump.
  let lo = wall - after * MINUTE_MS; // before the jump (old offset in force)
  let hi = wall - before * MINUTE_MS; // after the jump (new offset in force)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid) === after) hi = mid;
    else lo = mid;
  }
  return { kind: 'nonexistent', gapEnd: new Date(hi) };
}

/** The instant of a local date and time under a stated policy; `undefined` only for a skipped nonexistent time. */
export function toInstant(date: LocalDate, time: LocalTime, timeZone: string, policy: LocalTimePolicy): Date | undefined {
  const r = resolveLocalTime(date, time, timeZone);
  switch (r.kind) {
    case 'unique':
      return r.instant;
    case 'ambiguous':
      return policy.ambiguous === 'earlier' ? r.earlier : r.later;
    case 'nonexistent':
      return policy.nonexistent === 'gap-end' ? r.gapEnd : undefined;
  }
}

/** Boundary instant (never undefined: `BOUNDARY_POLICY` maps every local time to an instant). */
export function boundaryInstant(date: LocalDate, time: LocalTime, timeZone: string): Date {
  return toInstant(date, time, timeZone, BOUNDARY_POLICY) as Date;
}

/** The wall-clock reading of an instant in a zone. */
export interface LocalReading {
  date: LocalDate;
  time: LocalTime;
  /** ISO 8601 with the offset in force, e.g. `2025-03-09T09:00:00-04:00`. */
  iso: string;
}

export function toLocal(instant: Date, timeZone: string): LocalReading {
  const offset = offsetAt(zoneOf(timeZone), instant.getTime());
  const wall = new Date(instant.getTime() + offset * MINUTE_MS).toISOString(); // the wall clock, written as if UTC
  const abs = Math.abs(offset);
  const sign = offset < 0 ? '-' : '+';
  const zoneSuffix = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { date: wall.slice(0, 10), time: wall.slice(11, 16), iso: `${wall.slice(0, 19)}${zoneSuffix}` };
}

/** The local date of an instant in a zone (the "appointment date" for licences and certifications). */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  return toLocal(instant, timeZone).date;
}
