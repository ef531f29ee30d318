import { SCORE_0_TO_10, TREATMENT_EVENT_LIMITS as EVENT } from '@massage/contracts';
import type { RuleViolation } from './treatment-refusal';

/**
 * Limits of the inputs of plans and notes. What the treatment events carry (frequency, planned sessions, goals,
 * work lines and minutes, 0–10 scores) is bounded in the contracts, where the API's DTOs take it from too, so
 * whatever the domain accepts can be published; the rest stays in treatment and is defined here.
 * Scores are whole numbers 0–10 (NPRS and PSFS, clinical-records.md).
 */
export const TREATMENT_LIMITS = {
  score: { min: SCORE_0_TO_10.minimum, max: SCORE_0_TO_10.maximum },
  /** PSFS: "3–5 client-named activities" (clinical-records.md, Outcome measures). */
  goals: { min: 3, max: EVENT.maxGoals },
  activityLength: 200,
  referrerLength: 200,
  reasonCodePattern: '^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$',
  frequency: { sessions: EVENT.frequencySessions, everyWeeks: EVENT.frequencyEveryWeeks, perWeekMax: 7 },
  plannedSessions: EVENT.plannedSessions,
  workLines: EVENT.maxWorkLines,
  minutes: EVENT.workMinutes,
  degrees: { min: 0, max: 360 },
  textLength: 10_000,
  amendmentReasonLength: 1_000,
} as const;

export const isScore = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= TREATMENT_LIMITS.score.min && (n as number) <= TREATMENT_LIMITS.score.max;

export const isIntegerIn = (n: unknown, min: number, max: number): boolean => Number.isInteger(n) && (n as number) >= min && (n as number) <= max;

/** A real calendar date `YYYY-MM-DD` (no 2026-02-30). */
export function isLocalDate(s: unknown): boolean {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Text that is present (not blank) and within `max` characters. */
export const isText = (s: unknown, max: number): boolean => typeof s === 'string' && s.trim().length > 0 && s.length <= max;

/** Checks a list: each element's own rules, and `duplicate` for a key seen before. */
export function eachOf<T>(field: string, list: readonly T[], key: (x: T) => string, rules: (x: T, at: string) => RuleViolation[]): RuleViolation[] {
  const seen = new Set<string>();
  return list.flatMap((x, i) => {
    const at = `${field}.${i}`;
    const own = rules(x, at);
    const k = key(x);
    if (seen.has(k)) own.push({ field: at, reason: 'duplicate' });
    seen.add(k);
    return own;
  });
}

/** A code list's membership check. */
export const oneOf = <T extends string>(codes: readonly T[], x: unknown): x is T => typeof x === 'string' && (codes as readonly string[]).includes(x);
