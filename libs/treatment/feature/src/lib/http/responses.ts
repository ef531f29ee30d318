import type { NoteResponse, PlanResponse } from '@massage/treatment-api';
import type { NoteContent, SessionNote } from '@massage/treatment-domain';
import { planCodes, type StoredPlan } from '../plans/plan.store';

const iso = (d: Date | undefined): string | null => (d ? d.toISOString() : null);

export function toPlanResponse({ plan: p, revision }: StoredPlan): PlanResponse {
  return {
    id: p.planId,
    clientId: p.clientId,
    locationId: p.locationId,
    status: p.status,
    revision,
    therapistId: p.therapistId ?? null,
    goals: p.goals.map((g) => ({ goalId: g.goalId, activity: g.activity, baselineScore: g.baselineScore, targetScore: g.targetScore, by: g.by ?? null })),
    ...planCodes(p),
    referral: p.referral ? { source: p.referral.source, referrer: p.referral.referrer ?? null, reasonCode: p.referral.reasonCode ?? null } : null,
    screeningId: p.screeningId,
    createdAt: p.createdAt.toISOString(),
    revisedAt: iso(p.revisedAt),
    closedAt: iso(p.closedAt),
    discontinuedFor: p.discontinuedFor ?? null,
    reviewNeeded: p.reviewNeeded ? { screeningId: p.reviewNeeded.screeningId, rules: p.reviewNeeded.rules, flaggedAt: p.reviewNeeded.flaggedAt.toISOString() } : null,
  };
}

const contentOf = (c: NoteContent): NoteResponse['content'] => ({ ...c });

export function toNoteResponse(n: SessionNote): NoteResponse {
  return {
    id: n.noteId,
    appointmentId: n.appointmentId,
    clientId: n.clientId,
    therapistId: n.therapistId,
    locationId: n.locationId,
    planId: n.planId ?? null,
    startsAt: n.startsAt.toISOString(),
    endsAt: iso(n.endsAt),
    status: n.status,
    openedAt: n.openedAt.toISOString(),
    signedAt: iso(n.signedAt),
    content: contentOf(n.content),
    versions: n.versions.map((v) => ({ version: v.version, content: contentOf(v.content), at: v.at.toISOString(), author: v.author })),
    amendments: n.amendments.map((a) => ({ amendmentId: a.amendmentId, kind: a.kind, author: a.author, reason: a.reason, at: a.at.toISOString(), sections: a.sections, version: a.version })),
  };
}
