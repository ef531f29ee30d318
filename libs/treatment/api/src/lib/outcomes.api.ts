import type { PlanOutcomes } from '@massage/treatment-domain';

/**
 * `GET …/plans/:planId/outcomes`: per region the pain before and after each signed session, per goal the PSFS
 * scores and their mean, each series as chart points (session start, value) with its change from the first
 * session and whether it reached the minimal clinically important difference; and whether re-assessment is due.
 */
export type PlanOutcomesResponse = PlanOutcomes;
