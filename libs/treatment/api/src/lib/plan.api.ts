import type { PlanDiscontinuationReason, ReferralSource, TreatmentPlanTermsV1 } from '@massage/contracts';

/** A functional goal as a PSFS item: the activity in the client's words, scored 0 (unable) … 10 (as before). */
export interface PlanGoalRequest {
  /** Keeps a goal's PSFS history across a revision; absent for a new goal. */
  goalId?: string;
  activity: string;
  baselineScore: number;
  targetScore: number;
  /** The local date it should be reached by (`YYYY-MM-DD`). */
  by?: string;
}

/**
 * A plan's coded terms, as its events carry them: focus regions, techniques, the deepest pressure (P1–P5),
 * `sessions` sessions every `everyWeeks` weeks, how many sessions, the local re-assessment date (`YYYY-MM-DD`).
 */
export type PlanCodes = Pick<TreatmentPlanTermsV1, 'focusRegions' | 'techniques' | 'maxPressure' | 'frequency' | 'plannedSessions' | 'reassessOn'>;

/** What a therapist decides for a plan: the body of a creation or a revision (the goals in the client's words, the referrer by name). */
export interface PlanTermsRequest extends PlanCodes {
  goals: PlanGoalRequest[];
  referral?: { source: ReferralSource; referrer?: string; reasonCode?: string };
}

/** Body of `POST …/plans` (with `Idempotency-Key`). */
export type CreatePlanRequest = PlanTermsRequest;
/** Body of `PUT …/plans/:planId`: the plan's terms in full, as they are to stand. */
export type RevisePlanRequest = PlanTermsRequest;

/** Body of `POST …/plans/:planId/discontinue`. */
export interface DiscontinuePlanRequest {
  reason: PlanDiscontinuationReason;
}

export interface PlanGoalResponse {
  goalId: string;
  activity: string;
  baselineScore: number;
  targetScore: number;
  by: string | null;
}

export interface PlanResponse extends PlanCodes {
  id: string;
  clientId: string;
  locationId: string;
  status: 'active' | 'completed' | 'discontinued';
  /** 1 as created; each revision adds one. */
  revision: number;
  /** The therapist who planned it, when a therapist did. */
  therapistId: string | null;
  goals: PlanGoalResponse[];
  referral: { source: ReferralSource; referrer: string | null; reasonCode: string | null } | null;
  /** The screening the plan (or its last revision) was checked against. */
  screeningId: string;
  createdAt: string;
  revisedAt: string | null;
  closedAt: string | null;
  discontinuedFor: PlanDiscontinuationReason | null;
  /** Set while a newer screening restricts the plan: revise it. */
  reviewNeeded: { screeningId: string; rules: string[]; flaggedAt: string } | null;
}

export interface PlanListResponse {
  plans: PlanResponse[];
}
