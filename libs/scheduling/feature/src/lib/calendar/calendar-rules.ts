import type { InvalidParam } from '@massage/platform';
import type { ClosureBody, LocalWindowBody, OpeningDayBody, ShiftBody } from '@massage/scheduling-api';
import { minuteOfDay } from '@massage/scheduling-domain';

/** Windows in order, not overlapping (their fields named as the request names them). */
function windowProblems(windows: readonly LocalWindowBody[], field: (i: number) => string): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const sorted = windows.map((w, i) => ({ ...w, i })).sort((a, b) => minuteOfDay(a.from) - minuteOfDay(b.from));
  for (const w of windows.map((w, i) => ({ ...w, i }))) {
    if (minuteOfDay(w.from) >= minuteOfDay(w.to)) problems.push({ name: `${field(w.i)}.to`, reason: 'must be later than from' });
  }
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1];
    const cur = sorted[k];
    if (prev && cur && minuteOfDay(cur.from) < minuteOfDay(prev.to)) problems.push({ name: `${field(cur.i)}.from`, reason: 'overlaps another window of the same day' });
  }
  return problems;
}

/** Weekly opening hours: each weekday once, its windows in order and apart. */
export function openingHoursProblems(days: readonly OpeningDayBody[]): InvalidParam[] {
  const seen = new Set<string>();
  return days.flatMap((d, i) => {
    const repeated = seen.has(d.weekday) ? [{ name: `openingHours.${i}.weekday`, reason: 'weekday listed more than once' }] : [];
    seen.add(d.weekday);
    return [...repeated, ...windowProblems(d.windows, (j) => `openingHours.${i}.windows.${j}`)];
  });
}

/** Closures: first day not after the last, no two starting the same day (`field(i)` is the entry's name prefix, e.g. `closures.0.`). */
export function closureProblems(closures: readonly ClosureBody[], field: (i: number) => string = (i) => `closures.${i}.`): InvalidParam[] {
  const seen = new Set<string>();
  return closures.flatMap((c, i) => {
    const problems: InvalidParam[] = [];
    if (c.from > c.to) problems.push({ name: `${field(i)}to`, reason: 'must not be before from' });
    if (seen.has(c.from)) problems.push({ name: `${field(i)}from`, reason: 'another closure starts that day' });
    seen.add(c.from);
    return problems;
  });
}

/** Weekly shifts at one location: per weekday, in order and apart; validity dates in order. */
export function shiftProblems(shifts: readonly ShiftBody[]): InvalidParam[] {
  const byDay = new Map<string, { shift: ShiftBody; i: number }[]>();
  shifts.forEach((shift, i) => byDay.set(shift.weekday, [...(byDay.get(shift.weekday) ?? []), { shift, i }]));
  const problems: InvalidParam[] = [];
  for (const entries of byDay.values()) {
    const sub = windowProblems(
      entries.map((e) => e.shift),
      (j) => `shifts.${entries[j]?.i ?? j}`,
    );
    problems.push(...sub);
  }
  shifts.forEach((s, i) => {
    if (s.validFrom && s.validTo && s.validFrom > s.validTo) problems.push({ name: `shifts.${i}.validTo`, reason: 'must not be before validFrom' });
  });
  return problems;
}
