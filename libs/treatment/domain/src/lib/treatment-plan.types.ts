import type { BodyRegion, PlanDiscontinuationReason, PressureLevel, ReferralSource, Technique } from '@massage/contracts';

/** A calendar date `YYYY-MM-DD` in the location's zone (never an instant). */
export type LocalDate = string;

export const TREATMENT_PLAN_STATUSES = ['active', 'completed', 'discontinued'] as const;
export type TreatmentPlanStatus = (typeof TREATMENT_PLAN_STATUSES)[number];

/**
 * A functional goal as a Patient-Specific Functional Scale item (clinical-records.md): an activity the client
 * names, scored 0 (unable) … 10 (as before the problem), where it started and where it should get to,
 * optionally by a date ("resume 200 m sprints within 6 weeks").
 */
export interface PsfsGoal {
  goalId: string;
  /** The client's own words ("lift my toddler"): stays in treatment's database, never in an event. */
  activity: string;
  baselineScore: number;
  targetScore: number;
  by?: LocalDate;
}

/** How often: `sessions` sessions every `everyWeeks` weeks (2 / 1 = twice a week; 1 / 2 = every other week). */
export interface PlanFrequency {
  sessions: number;
  everyWeeks: number;
}

/** Who referred the client and for what: a coded source, the referrer's name, a reason code (e.g. ICD-10 `M54.2`). */
export interface Referral {
  source: ReferralSource;
  referrer?: string;
  reasonCode?: string;
}

/** A screening that restricts an active plan flags it for review until the plan is revised. */
export interface PlanReview {
  screeningId: string;
  /** The screening rules that now restrict the plan (`DVT_ACT`, …). */
  rules: string[];
  flaggedAt: Date;
}

/** What a therapist decides for a plan (created or revised). */
export interface TreatmentPlanTerms {
  therapistId?: string;
  goals: PsfsGoal[];
  focusRegions: BodyRegion[];
  techniques: Technique[];
  /** The deepest pressure planned (Walton's P1–P5): every technique on every focus region up to it. */
  maxPressure: PressureLevel;
  frequency: PlanFrequency;
  plannedSessions: number;
  /** When the plan is re-assessed (the location's local date). */
  reassessOn: LocalDate;
  referral?: Referral;
}

/** A client's treatment plan (DOMAIN.md, "Records clinicians expect"), built from their intake and screening. */
export interface TreatmentPlan extends TreatmentPlanTerms {
  planId: string;
  clientId: string;
  locationId: string;
  status: TreatmentPlanStatus;
  /** The screening the plan (or its last revision) was checked against. */
  screeningId: string;
  createdAt: Date;
  revisedAt?: Date;
  /** Set when the plan completed or was discontinued. */
  closedAt?: Date;
  discontinuedFor?: PlanDiscontinuationReason;
  /** Present while a newer screening restricts the plan; cleared by a revision that passes. */
  reviewNeeded?: PlanReview;
}
