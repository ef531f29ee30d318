import { INTAKE_RULES, RFC3339_DATE_TIME_REGEX } from './intake-rules';

/** True for a real calendar date written `YYYY-MM-DD` (no 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!new RegExp(INTAKE_RULES.datePattern).test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** True for an RFC 3339 date-time with offset that names a real instant. */
export function isInstant(value: string): boolean {
  return RFC3339_DATE_TIME_REGEX.test(value) && !Number.isNaN(Date.parse(value)) && isCalendarDate(value.slice(0, 10));
}

/**
 * Whether a calendar date lies after "today". Today is taken as the latest calendar day anywhere on
 * Earth (UTC+14), so a client in any location's zone can give today's date.
 */
export function isFutureDate(value: string, now: Date): boolean {
  const latestToday = utcDate(new Date(now.getTime() + 14 * 3_600_000));
  return value > latestToday;
}

/** The date `years` years before `now`'s UTC date, `YYYY-MM-DD`. */
export function yearsBefore(now: Date, years: number): string {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return utcDate(d);
}
