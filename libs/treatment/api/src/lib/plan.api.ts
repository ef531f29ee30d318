import type { BodyRegion, PlanDiscontinuationReason, PressureLevel, ReferralSource, Technique } from '@massage/contracts';

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

/** What a therapist decides for a plan: the body of a creation or a revision. */
export interface PlanTermsRequest {
  goals: PlanGoalRequest[];
  focusRegions: BodyRegion[];
  techniques: Technique[];
  /** The deepest pressure planned on Walton's scale, P1 (light) … P5 (deepest). */
  maxPressure: PressureLevel;
  /** `sessions` sessions every `everyWeeks` weeks. */
  frequency: { sessions: number; everyWeeks: number };
  plannedSessions: number;
  /** The local date the plan is re-assessed (`YYYY-MM-DD`). */
  reassessOn: string;
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

export interface PlanResponse {
  id: string;
  clientId: string;
  locationId: string;
  status: 'active' | 'completed' | 'discontinued';
  /** 1 as created; each revision adds one. */
  revision: number;
  /** The therapist who planned it, when a therapist did. */
  therapistId: string | null;
  goals: PlanGoalResponse[];
  focusRegions: BodyRegion[];
  techniques: Technique[];
  maxPressure: PressureLevel;
  frequency: { sessions: number; everyWeeks: number };
  plannedSessions: number;
  reassessOn: string;
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
