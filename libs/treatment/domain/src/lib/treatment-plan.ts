import { BODY_REGIONS, PRESSURE_LEVELS, REFERRAL_SOURCES, TECHNIQUES, type PlanDiscontinuationReason } from '@massage/contracts';
import { TREATMENT_LIMITS as L, eachOf, isIntegerIn, isLocalDate, isScore, isText, oneOf } from './field-rules';
import type { Outcome, RuleViolation, TreatmentRefusal } from './treatment-refusal';
import type { PlanReview, TreatmentPlan, TreatmentPlanTerms } from './treatment-plan.types';
import { planRefusals, rulesNamed, type ScreeningContext } from './work-safety';

/** A plan as the therapist creates it: its terms, and whose and where (ids chosen by the caller). */
export interface NewTreatmentPlan extends TreatmentPlanTerms {
  planId: string;
  clientId: string;
  locationId: string;
}

/**
 * Field rules of a plan's terms: 3–5 PSFS goals (unique ids, an activity, scores 0–10, a target above the
 * baseline, a real `by` date), at least one focus region and technique (known, no repeats), P1–P5, a frequency
 * of at most one session a day, 1–200 sessions, a real re-assessment date, a coded referral source.
 */
export function validatePlanTerms(terms: TreatmentPlanTerms): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (terms.goals.length < L.goals.min || terms.goals.length > L.goals.max) v.push({ field: 'goals', reason: `${L.goals.min} to ${L.goals.max} PSFS activities` });
  v.push(
    ...eachOf('goals', terms.goals, (g) => g.goalId, (g, at) => {
      const own: RuleViolation[] = [];
      if (!isText(g.goalId, 64)) own.push({ field: `${at}.goalId`, reason: 'an id' });
      if (!isText(g.activity, L.activityLength)) own.push({ field: `${at}.activity`, reason: `the activity, at most ${L.activityLength} characters` });
      if (!isScore(g.baselineScore)) own.push({ field: `${at}.baselineScore`, reason: 'a whole number 0–10' });
      if (!isScore(g.targetScore)) own.push({ field: `${at}.targetScore`, reason: 'a whole number 0–10' });
      else if (isScore(g.baselineScore) && g.targetScore <= g.baselineScore) own.push({ field: `${at}.targetScore`, reason: 'above the baseline' });
      if (g.by !== undefined && !isLocalDate(g.by)) own.push({ field: `${at}.by`, reason: 'a date YYYY-MM-DD' });
      return own;
    }),
  );
  if (terms.focusRegions.length === 0) v.push({ field: 'focusRegions', reason: 'at least one region' });
  v.push(...eachOf('focusRegions', terms.focusRegions, String, (r, at) => (oneOf(BODY_REGIONS, r) ? [] : [{ field: at, reason: 'unknown body region' }])));
  if (terms.techniques.length === 0) v.push({ field: 'techniques', reason: 'at least one technique' });
  v.push(...eachOf('techniques', terms.techniques, String, (t, at) => (oneOf(TECHNIQUES, t) ? [] : [{ field: at, reason: 'unknown technique' }])));
  if (!oneOf(PRESSURE_LEVELS, terms.maxPressure)) v.push({ field: 'maxPressure', reason: 'one of P1–P5' });
  const f = terms.frequency;
  const { sessions, everyWeeks } = L.frequency;
  if (!isIntegerIn(f.sessions, sessions.min, sessions.max)) v.push({ field: 'frequency.sessions', reason: `a whole number ${sessions.min}–${sessions.max}` });
  if (!isIntegerIn(f.everyWeeks, everyWeeks.min, everyWeeks.max)) v.push({ field: 'frequency.everyWeeks', reason: `a whole number ${everyWeeks.min}–${everyWeeks.max}` });
  else if (f.sessions > L.frequency.perWeekMax * f.everyWeeks) v.push({ field: 'frequency.sessions', reason: 'at most one session a day' });
  if (!isIntegerIn(terms.plannedSessions, L.plannedSessions.min, L.plannedSessions.max))
    v.push({ field: 'plannedSessions', reason: `a whole number ${L.plannedSessions.min}–${L.plannedSessions.max}` });
  if (!isLocalDate(terms.reassessOn)) v.push({ field: 'reassessOn', reason: 'a date YYYY-MM-DD' });
  const ref = terms.referral;
  if (ref) {
    if (!oneOf(REFERRAL_SOURCES, ref.source)) v.push({ field: 'referral.source', reason: `one of ${REFERRAL_SOURCES.join(', ')}` });
    if (ref.referrer !== undefined && !isText(ref.referrer, L.referrerLength)) v.push({ field: 'referral.referrer', reason: `at most ${L.referrerLength} characters` });
    if (ref.reasonCode !== undefined && !new RegExp(L.reasonCodePattern).test(ref.reasonCode)) v.push({ field: 'referral.reasonCode', reason: 'a code such as M54.2' });
  }
  return v;
}

/** Field rules first (nothing else is judged on bad input), then the screening (`planRefusals`). */
function checkTerms(terms: TreatmentPlanTerms, context: ScreeningContext, now: Date): TreatmentRefusal[] {
  const violations = validatePlanTerms(terms);
  if (violations.length > 0) return [{ rule: 'invalid', violations }];
  return planRefusals(terms, context, now);
}

const termsOf = (t: TreatmentPlanTerms): TreatmentPlanTerms => ({
  ...(t.therapistId !== undefined ? { therapistId: t.therapistId } : {}),
  goals: t.goals.map((g) => ({ ...g })),
  focusRegions: [...t.focusRegions],
  techniques: [...t.techniques],
  maxPressure: t.maxPressure,
  frequency: { ...t.frequency },
  plannedSessions: t.plannedSessions,
  reassessOn: t.reassessOn,
  ...(t.referral ? { referral: { ...t.referral } } : {}),
});

/**
 * A new active plan, checked against the client's latest screening: a technique, region or pressure it
 * restricts refuses the plan naming the rule (`contraindicated`, `clearance-required`, `deferred`,
 * `screening-pending`), and nothing is created.
 */
export function createPlan(input: NewTreatmentPlan, context: ScreeningContext, now: Date): Outcome<TreatmentPlan> {
  const refusals = checkTerms(input, context, now);
  if (refusals.length > 0 || !context.screening) return { ok: false, refusals };
  return {
    ok: true,
    value: { planId: input.planId, clientId: input.clientId, locationId: input.locationId, ...termsOf(input), status: 'active', screeningId: context.screening.screeningId, createdAt: now },
  };
}

function withoutReview(plan: TreatmentPlan): TreatmentPlan {
  const { reviewNeeded, ...rest } = plan;
  void reviewNeeded;
  return rest;
}

function closed(plan: TreatmentPlan): TreatmentRefusal[] {
  return plan.status === 'active' ? [] : [{ rule: 'plan-closed', status: plan.status }];
}

/** New terms for an active plan, checked as a new plan is; a revision that passes clears a review flag. */
export function revisePlan(plan: TreatmentPlan, terms: TreatmentPlanTerms, context: ScreeningContext, now: Date): Outcome<TreatmentPlan> {
  const locked = closed(plan);
  if (locked.length > 0) return { ok: false, refusals: locked };
  const refusals = checkTerms(terms, context, now);
  if (refusals.length > 0 || !context.screening) return { ok: false, refusals };
  return { ok: true, value: { ...withoutReview(plan), ...termsOf(terms), screeningId: context.screening.screeningId, revisedAt: now } };
}

/** An active plan is completed (its sessions done, goals met or re-assessed). */
export function completePlan(plan: TreatmentPlan, now: Date): Outcome<TreatmentPlan> {
  const locked = closed(plan);
  if (locked.length > 0) return { ok: false, refusals: locked };
  return { ok: true, value: { ...plan, status: 'completed', closedAt: now } };
}

/** An active plan stops before its end, for a coded reason. */
export function discontinuePlan(plan: TreatmentPlan, reason: PlanDiscontinuationReason, now: Date): Outcome<TreatmentPlan> {
  const locked = closed(plan);
  if (locked.length > 0) return { ok: false, refusals: locked };
  return { ok: true, value: { ...plan, status: 'discontinued', closedAt: now, discontinuedFor: reason } };
}

/** What a new screening does to a plan: nothing, flags it (emit `PlanReviewNeeded`), or clears an earlier flag. */
export type ScreeningEffect = { change: 'none' } | { change: 'flagged'; plan: TreatmentPlan; review: PlanReview } | { change: 'cleared'; plan: TreatmentPlan };

/**
 * A new screening of the client judged against an active plan (`planRefusals` at `now`). If it restricts the
 * plan, the plan is flagged for review naming the screening and its rules; the same screening does not flag it
 * twice. If it no longer restricts a flagged plan (a clearance recorded, a rule resolved), the flag is cleared.
 * Closed plans are not flagged. A screening that restricts without naming a rule (a deferred outcome without an
 * ABSOLUTE rule, which the engine does not produce) flags nothing: `PlanReviewNeeded` names at least one rule.
 */
export function reviewOnNewScreening(plan: TreatmentPlan, context: ScreeningContext, now: Date): ScreeningEffect {
  if (plan.status !== 'active' || !context.screening) return { change: 'none' };
  const rules = rulesNamed(planRefusals(plan, context, now));
  if (rules.length === 0) {
    if (!plan.reviewNeeded) return { change: 'none' };
    return { change: 'cleared', plan: withoutReview(plan) };
  }
  if (plan.reviewNeeded?.screeningId === context.screening.screeningId) return { change: 'none' };
  const review: PlanReview = { screeningId: context.screening.screeningId, rules, flaggedAt: now };
  return { change: 'flagged', plan: { ...plan, reviewNeeded: review }, review };
}
