import { planWork, screeningFor, screeningRefusals, type ClearanceState, type ScreeningRefusal, type ScreeningState } from '@massage/clinical-restrictions';
import type { SessionWork } from './session-note.types';
import type { TreatmentPlanTerms } from './treatment-plan.types';

/**
 * The client's latest screening (with its id, from `ScreeningCompleted`) and their clearances, as treatment
 * projects them; undefined screening = none yet. With the location's `timeZone`, a today-only deferral (an
 * ABSOLUTE restriction with `reScreenBy`, ADR 0018) ends at the location's local midnight as in scheduling
 * (`screeningFor`); without it, or without `reScreenBy` on the restriction, a deferral holds whatever the date.
 */
export interface ScreeningContext {
  screening: (ScreeningState & { screeningId: string }) | undefined;
  clearances: readonly ClearanceState[];
  timeZone?: string;
}

/** The screening as it stands for work starting at `start` (lapsed today-only deferrals dropped, given a zone). */
function screeningAt(context: ScreeningContext, start: Date): ScreeningState | undefined {
  return context.timeZone === undefined ? context.screening : screeningFor(context.screening, start, context.timeZone);
}

/**
 * What the screening forbids of a plan: every technique on every focus region at the plan's maximum pressure
 * (the same cross product a booking is judged on), with the screening as it stands and clearances judged at
 * `asOf` (the plan's creation or revision). A clearance that lapses later is caught when a session's work is saved.
 */
export function planRefusals(plan: Pick<TreatmentPlanTerms, 'techniques' | 'focusRegions' | 'maxPressure'>, context: ScreeningContext, asOf: Date): ScreeningRefusal[] {
  return screeningRefusals(screeningAt(context, asOf), context.clearances, planWork(plan.techniques, plan.focusRegions, plan.maxPressure), asOf);
}

/**
 * What the screening forbids of a session's work, line by line (each line its own technique, region and
 * pressure), with the screening as it stands at the session's start `from` and clearances valid until `until`
 * (its end). A refusal's `items` are positions in `work`.
 */
export function workRefusals(work: readonly SessionWork[], context: ScreeningContext, from: Date, until: Date): ScreeningRefusal[] {
  return screeningRefusals(screeningAt(context, from), context.clearances, work, until);
}

/** The screening rules a list of refusals names (`deferred`'s ABSOLUTE rules, the rule of each other refusal), each once. */
export function rulesNamed(refusals: readonly ScreeningRefusal[]): string[] {
  const rules = refusals.flatMap((r) => (r.rule === 'deferred' ? r.screeningRules : r.rule === 'screening-pending' ? [] : [r.screeningRule]));
  return [...new Set(rules)];
}
