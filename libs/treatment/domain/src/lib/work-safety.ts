import { planWork, screeningRefusals, type ClearanceState, type ScreeningRefusal, type ScreeningState } from '@massage/clinical-restrictions';
import type { SessionWork } from './session-note.types';
import type { TreatmentPlanTerms } from './treatment-plan.types';

/**
 * The client's latest screening (with its id, from `ScreeningCompleted`) and their clearances, as treatment
 * projects them; undefined screening = none yet.
 */
export interface ScreeningContext {
  screening: (ScreeningState & { screeningId: string }) | undefined;
  clearances: readonly ClearanceState[];
}

/**
 * What the screening forbids of a plan: every technique on every focus region at the plan's maximum pressure
 * (the same cross product a booking is judged on), with clearances judged at `asOf` (the plan's creation or
 * revision). A clearance that lapses later is caught when a session's work is saved.
 */
export function planRefusals(plan: Pick<TreatmentPlanTerms, 'techniques' | 'focusRegions' | 'maxPressure'>, context: ScreeningContext, asOf: Date): ScreeningRefusal[] {
  return screeningRefusals(context.screening, context.clearances, planWork(plan.techniques, plan.focusRegions, plan.maxPressure), asOf);
}

/**
 * What the screening forbids of a session's work, line by line (each line its own technique, region and
 * pressure), with clearances valid until `until` (the session's end). A refusal's `items` are positions in `work`.
 */
export function workRefusals(work: readonly SessionWork[], context: ScreeningContext, until: Date): ScreeningRefusal[] {
  return screeningRefusals(context.screening, context.clearances, work, until);
}

/** The screening rules a list of refusals names (`deferred`'s ABSOLUTE rules, the rule of each other refusal), each once. */
export function rulesNamed(refusals: readonly ScreeningRefusal[]): string[] {
  const rules = refusals.flatMap((r) => (r.rule === 'deferred' ? r.screeningRules : r.rule === 'screening-pending' ? [] : [r.screeningRule]));
  return [...new Set(rules)];
}
