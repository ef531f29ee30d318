import { randomUUID } from 'node:crypto';
import type { PlanTermsRequest } from '@massage/treatment-api';
import type { TreatmentPlanTerms } from '@massage/treatment-domain';

/**
 * The domain's terms from a request body (a plain copy: no DTO instance reaches the domain or the database). A new
 * goal gets its id here; a revision names the goals it keeps by theirs.
 */
export function planTermsFrom(body: PlanTermsRequest, therapistId: string | undefined): TreatmentPlanTerms {
  const referral = body.referral;
  return {
    ...(therapistId ? { therapistId } : {}),
    goals: body.goals.map((g) => ({
      goalId: g.goalId ?? randomUUID(),
      activity: g.activity,
      baselineScore: g.baselineScore,
      targetScore: g.targetScore,
      ...(g.by !== undefined ? { by: g.by } : {}),
    })),
    focusRegions: [...body.focusRegions],
    techniques: [...body.techniques],
    maxPressure: body.maxPressure,
    frequency: { sessions: body.frequency.sessions, everyWeeks: body.frequency.everyWeeks },
    plannedSessions: body.plannedSessions,
    reassessOn: body.reassessOn,
    ...(referral
      ? {
          referral: {
            source: referral.source,
            ...(referral.referrer !== undefined ? { referrer: referral.referrer } : {}),
            ...(referral.reasonCode !== undefined ? { reasonCode: referral.reasonCode } : {}),
          },
        }
      : {}),
  };
}
