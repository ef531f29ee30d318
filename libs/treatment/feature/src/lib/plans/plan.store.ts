import type { PlanDiscontinuationReason } from '@massage/contracts';
import type { PlanCodes } from '@massage/treatment-api';
import type { PlanReview, TreatmentPlan, TreatmentPlanTerms } from '@massage/treatment-domain';
import type { EntityManager } from 'typeorm';

/** A plan as stored: the domain's plan and its revision number (1 as created). */
export interface StoredPlan {
  plan: TreatmentPlan;
  revision: number;
}

interface PlanRow {
  id: string;
  client_id: string;
  location_id: string;
  status: TreatmentPlan['status'];
  therapist_id: string | null;
  goals: TreatmentPlan['goals'];
  focus_regions: TreatmentPlan['focusRegions'];
  techniques: TreatmentPlan['techniques'];
  max_pressure: TreatmentPlan['maxPressure'];
  frequency_sessions: number;
  frequency_every_weeks: number;
  planned_sessions: number;
  reassess_on: string;
  referral: TreatmentPlan['referral'] | null;
  screening_id: string;
  revision: number;
  created_at: Date;
  revised_at: Date | null;
  closed_at: Date | null;
  discontinued_for: PlanDiscontinuationReason | null;
  review_needed: (Omit<PlanReview, 'flaggedAt'> & { flaggedAt: string }) | null;
}

const SELECT = `SELECT id, client_id, location_id, status, therapist_id, goals, focus_regions, techniques, max_pressure, frequency_sessions, frequency_every_weeks,
  planned_sessions, reassessment_date::text AS reassess_on, referral, screening_id, revision, created_at, revised_at, closed_at, discontinued_for, review_needed
  FROM treatment_plan`;

function fromRow(r: PlanRow): StoredPlan {
  const plan: TreatmentPlan = {
    planId: r.id,
    clientId: r.client_id,
    locationId: r.location_id,
    status: r.status,
    ...(r.therapist_id ? { therapistId: r.therapist_id } : {}),
    goals: r.goals,
    focusRegions: r.focus_regions,
    techniques: r.techniques,
    maxPressure: r.max_pressure,
    frequency: { sessions: r.frequency_sessions, everyWeeks: r.frequency_every_weeks },
    plannedSessions: r.planned_sessions,
    reassessOn: r.reassess_on,
    ...(r.referral ? { referral: r.referral } : {}),
    screeningId: r.screening_id,
    createdAt: r.created_at,
    ...(r.revised_at ? { revisedAt: r.revised_at } : {}),
    ...(r.closed_at ? { closedAt: r.closed_at } : {}),
    ...(r.discontinued_for ? { discontinuedFor: r.discontinued_for } : {}),
    ...(r.review_needed ? { reviewNeeded: { ...r.review_needed, flaggedAt: new Date(r.review_needed.flaggedAt) } } : {}),
  };
  return { plan, revision: r.revision };
}

/** The client's plan at the location; `lock` holds it for the caller's transaction. */
export async function findPlan(manager: EntityManager, at: { locationId: string; clientId: string }, planId: string, lock = false): Promise<StoredPlan | undefined> {
  const rows = (await manager.query(`${SELECT} WHERE id = $1 AND location_id = $2 AND client_id = $3${lock ? ' FOR UPDATE' : ''}`, [planId, at.locationId, at.clientId])) as PlanRow[];
  return rows[0] && fromRow(rows[0]);
}

/** The client's plans at the location, newest first. */
export async function listPlans(manager: EntityManager, at: { locationId: string; clientId: string }): Promise<StoredPlan[]> {
  const rows = (await manager.query(`${SELECT} WHERE location_id = $1 AND client_id = $2 ORDER BY created_at DESC, id`, [at.locationId, at.clientId])) as PlanRow[];
  return rows.map(fromRow);
}

/** Every active plan of the client, wherever it is (a new screening concerns them all), held for the transaction. */
export async function lockActivePlans(manager: EntityManager, clientId: string): Promise<StoredPlan[]> {
  const rows = (await manager.query(`${SELECT} WHERE client_id = $1 AND status = 'active' ORDER BY created_at, id FOR UPDATE`, [clientId])) as PlanRow[];
  return rows.map(fromRow);
}

/** The plan a session at the location counts towards: the client's newest active plan there. */
export async function activePlanId(manager: EntityManager, clientId: string, locationId: string): Promise<string | undefined> {
  const [row] = (await manager.query(`SELECT id FROM treatment_plan WHERE client_id = $1 AND location_id = $2 AND status = 'active' ORDER BY created_at DESC, id LIMIT 1`, [
    clientId,
    locationId,
  ])) as { id: string }[];
  return row?.id;
}

/** The goal ids of a plan (a note's PSFS scores must name one of them). */
export async function goalIdsOf(manager: EntityManager, planId: string): Promise<string[]> {
  const [row] = (await manager.query(`SELECT goals FROM treatment_plan WHERE id = $1`, [planId])) as { goals: TreatmentPlan['goals'] }[];
  return (row?.goals ?? []).map((g) => g.goalId);
}

/**
 * Queues writes to one client's plans (creation, revision, a new screening's review) in hash order of the
 * client: two of them never decide on the same screening and plan at once.
 */
export async function lockClientPlans(manager: EntityManager, clientId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('treatment-plans:' || $1))`, [clientId]);
}

/** A plan's coded terms (what its events and responses carry as they are). */
export const planCodes = (p: TreatmentPlan): PlanCodes => ({
  focusRegions: p.focusRegions,
  techniques: p.techniques,
  maxPressure: p.maxPressure,
  frequency: p.frequency,
  plannedSessions: p.plannedSessions,
  reassessOn: p.reassessOn,
});

const termsOf = (p: TreatmentPlan): TreatmentPlanTerms => ({
  ...(p.therapistId ? { therapistId: p.therapistId } : {}),
  goals: p.goals,
  ...planCodes(p),
  ...(p.referral ? { referral: p.referral } : {}),
});

/**
 * Writes the plan's row as it now stands. With `decidedBy`, its terms are a new revision (creation included):
 * they are kept as `treatment_plan_revision` `revision`, so what the plan said at any time stays readable.
 */
export async function savePlan(manager: EntityManager, { plan, revision }: StoredPlan, decidedBy?: string): Promise<void> {
  const review = plan.reviewNeeded ? { ...plan.reviewNeeded, flaggedAt: plan.reviewNeeded.flaggedAt.toISOString() } : null;
  await manager.query(
    `INSERT INTO treatment_plan (id, client_id, location_id, status, therapist_id, goals, focus_regions, techniques, max_pressure, frequency_sessions, frequency_every_weeks,
       planned_sessions, reassessment_date, referral, screening_id, revision, created_at, revised_at, closed_at, discontinued_for, review_needed)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, $18, $19, $20, $21::jsonb)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, therapist_id = EXCLUDED.therapist_id, goals = EXCLUDED.goals, focus_regions = EXCLUDED.focus_regions,
       techniques = EXCLUDED.techniques, max_pressure = EXCLUDED.max_pressure, frequency_sessions = EXCLUDED.frequency_sessions,
       frequency_every_weeks = EXCLUDED.frequency_every_weeks, planned_sessions = EXCLUDED.planned_sessions, reassessment_date = EXCLUDED.reassessment_date,
       referral = EXCLUDED.referral, screening_id = EXCLUDED.screening_id, revision = EXCLUDED.revision, revised_at = EXCLUDED.revised_at,
       closed_at = EXCLUDED.closed_at, discontinued_for = EXCLUDED.discontinued_for, review_needed = EXCLUDED.review_needed`,
    [
      plan.planId,
      plan.clientId,
      plan.locationId,
      plan.status,
      plan.therapistId ?? null,
      JSON.stringify(plan.goals),
      plan.focusRegions,
      plan.techniques,
      plan.maxPressure,
      plan.frequency.sessions,
      plan.frequency.everyWeeks,
      plan.plannedSessions,
      plan.reassessOn,
      plan.referral ? JSON.stringify(plan.referral) : null,
      plan.screeningId,
      revision,
      plan.createdAt,
      plan.revisedAt ?? null,
      plan.closedAt ?? null,
      plan.discontinuedFor ?? null,
      review ? JSON.stringify(review) : null,
    ],
  );
  if (decidedBy === undefined) return;
  await manager.query(`INSERT INTO treatment_plan_revision (plan_id, revision, terms, screening_id, decided_at, decided_by) VALUES ($1, $2, $3::jsonb, $4, $5, $6)`, [
    plan.planId,
    revision,
    JSON.stringify(termsOf(plan)),
    plan.screeningId,
    plan.revisedAt ?? plan.createdAt,
    decidedBy,
  ]);
}
