import type { ClearanceState, ScreeningRefusal, ScreeningState } from '@massage/clinical-restrictions';
import type { SessionWork } from './session-note.types';
import type { TreatmentPlanTerms } from './treatment-plan.types';

/** The client's latest screening and their clearances, as treatment projects them (ids from `ScreeningCompleted`). */
export interface ScreeningContext {
  screening: (ScreeningState & { screeningId: string }) | undefined;
  clearances: readonly ClearanceState[];
}

export function planRefusals(_plan: Pick<TreatmentPlanTerms, 'techniques' | 'focusRegions' | 'maxPressure'>, _context: ScreeningContext, _asOf: Date): ScreeningRefusal[] {
  throw new Error('not implemented');
}

export function workRefusals(_work: readonly SessionWork[], _context: ScreeningContext, _until: Date): ScreeningRefusal[] {
  throw new Error('not implemented');
}
