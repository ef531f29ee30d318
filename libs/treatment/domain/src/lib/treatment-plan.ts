import type { PlanDiscontinuationReason } from '@massage/contracts';
import type { Outcome, RuleViolation } from './treatment-refusal';
import type { PlanReview, TreatmentPlan, TreatmentPlanTerms } from './treatment-plan.types';
import type { ScreeningContext } from './work-safety';

export interface NewTreatmentPlan extends TreatmentPlanTerms {
  planId: string;
  clientId: string;
  locationId: string;
}

export function validatePlanTerms(_terms: TreatmentPlanTerms): RuleViolation[] {
  throw new Error('not implemented');
}
export function createPlan(_input: NewTreatmentPlan, _context: ScreeningContext, _now: Date): Outcome<TreatmentPlan> {
  throw new Error('not implemented');
}
export function revisePlan(_plan: TreatmentPlan, _terms: TreatmentPlanTerms, _context: ScreeningContext, _now: Date): Outcome<TreatmentPlan> {
  throw new Error('not implemented');
}
export function completePlan(_plan: TreatmentPlan, _now: Date): Outcome<TreatmentPlan> {
  throw new Error('not implemented');
}
export function discontinuePlan(_plan: TreatmentPlan, _reason: PlanDiscontinuationReason, _now: Date): Outcome<TreatmentPlan> {
  throw new Error('not implemented');
}
export function reviewOnNewScreening(_plan: TreatmentPlan, _context: ScreeningContext, _now: Date): PlanReview | undefined {
  throw new Error('not implemented');
}
