import type { HealthAnswers } from '@massage/intake-domain';
import { RULE_TABLE_2026_1 } from '../lib/rule-table-2026-1';
import { screen } from '../lib/screen';
import type { ClearanceInput, Restriction, ScreeningResult } from '../lib/screening.types';

/** The instant the specs screen for (mid-day UTC, so calendar dates are unambiguous). */
export const AS_OF = new Date('2026-06-15T10:00:00.000Z');
const DAY_MS = 86_400_000;
/** The end of AS_OF's UTC day: the reScreenBy of a restriction fired only by today's symptoms answered on it. */
export const END_OF_AS_OF_DAY = '2026-06-16T00:00:00.000Z';

/** The calendar date `n` days before AS_OF (negative: after it). */
export function daysAgo(n: number, asOf: Date = AS_OF): string {
  return new Date(asOf.getTime() - n * DAY_MS).toISOString().slice(0, 10);
}

/** The instant `n` days after AS_OF. */
export function inDays(n: number, asOf: Date = AS_OF): string {
  return new Date(asOf.getTime() + n * DAY_MS).toISOString();
}

/** Form v2 answers with nothing to report, then the given parts. */
export function answers(parts: Partial<HealthAnswers> = {}): HealthAnswers {
  return {
    conditions: [],
    surgeries: [],
    fractures: [],
    devices: [],
    medications: [],
    symptomsToday: [],
    painAreas: [],
    pressurePreference: 'P3',
    ...parts,
  };
}

/** Screens with table 2026.1 as of AS_OF. */
export function screenAnswers(parts: Partial<HealthAnswers>, clearances: ClearanceInput[] = []): ScreeningResult {
  return screen(answers(parts), clearances, RULE_TABLE_2026_1, AS_OF);
}

/** The restrictions a result has under one rule. */
export function of(result: ScreeningResult, rule: string): Restriction[] {
  return result.restrictions.filter((r) => r.rule === rule);
}

/** The rule codes of a result, in order, each once. */
export function rulesOf(result: ScreeningResult): string[] {
  return [...new Set(result.restrictions.map((r) => r.rule))];
}
