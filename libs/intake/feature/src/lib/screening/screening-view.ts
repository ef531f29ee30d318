import { Inject, Injectable } from '@nestjs/common';
import type { ScreeningOutcomeResponse, ScreeningResponse } from '@massage/intake-api';
import { CARE_RELATIONSHIPS, type CareRelationships } from '@massage/platform-security';
import { decide, settle, type Actor } from '@massage/security';
import { restrictionCodes } from './screening-recorder';
import type { ScreeningResultEntity } from './screening-result.entity';

export function toScreeningOutcomeResponse(s: ScreeningResultEntity): ScreeningOutcomeResponse {
  return {
    id: s.id,
    clientId: s.clientId,
    locationId: s.locationId,
    intakeId: s.intakeId,
    tableVersion: s.tableVersion,
    asOf: s.asOf.toISOString(),
    trigger: s.trigger,
    outcome: s.outcome,
  };
}

export function toScreeningResponse(s: ScreeningResultEntity): ScreeningResponse {
  return {
    ...toScreeningOutcomeResponse(s),
    // What the event carries, plus the explanation: the rule's summary code and the answers that fired it.
    restrictions: s.restrictions.map((r) => ({ ...restrictionCodes(r), summary: r.summary, triggeredBy: r.triggeredBy })),
    reAskEveryVisit: s.reAskEveryVisit,
  };
}

/** How much of a screening an actor sees: the outcome (`screening-outcome:read`, checked by the route) or everything. */
export type ScreeningView = 'outcome' | 'full';

/**
 * Decides the view with the same rules the guard applies: the full result needs `screening:read` for this
 * location and client (a therapist only for a client in their care); front desk gets the outcome.
 */
@Injectable()
export class ScreeningViewPolicy {
  constructor(@Inject(CARE_RELATIONSHIPS) private readonly care: CareRelationships) {}

  async viewOf(actor: Actor, locationId: string, clientId: string): Promise<ScreeningView> {
    let decision = decide(actor, 'screening:read', { locationId });
    if (decision.effect === 'allow-if') decision = settle(decision, { inCare: await this.care.isInCare(actor, locationId, clientId) });
    return decision.effect === 'allow' ? 'full' : 'outcome';
  }
}

export function screeningAs(view: ScreeningView, s: ScreeningResultEntity): ScreeningResponse | ScreeningOutcomeResponse {
  return view === 'full' ? toScreeningResponse(s) : toScreeningOutcomeResponse(s);
}
