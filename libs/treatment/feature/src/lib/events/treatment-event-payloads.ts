import type { SessionLoggedV1, SessionNoteAmendedV1, TreatmentPlanEventBaseV1, TreatmentPlanTermsV1 } from '@massage/contracts';
import type { NoteAmendment, SessionNote, TreatmentPlan } from '@massage/treatment-domain';
import { planCodes } from '../plans/plan.store';

/** Whose plan, where: what every plan event starts with. */
export const planEventBase = (p: TreatmentPlan): TreatmentPlanEventBaseV1 => ({ planId: p.planId, clientId: p.clientId, locationId: p.locationId });

/** A plan's terms as its events carry them: codes, ids and scores; the goals' words and the referrer's name stay here. */
export function planTermsV1(p: TreatmentPlan): TreatmentPlanTermsV1 {
  return {
    ...planCodes(p),
    goals: p.goals.map((g) => ({ goalId: g.goalId, baselineScore: g.baselineScore, targetScore: g.targetScore, ...(g.by ? { by: g.by } : {}) })),
    ...(p.referral ? { referral: { source: p.referral.source, ...(p.referral.reasonCode ? { reasonCode: p.referral.reasonCode } : {}) } } : {}),
    screeningId: p.screeningId,
  };
}

const sessionBase = (n: SessionNote) => ({ appointmentId: n.appointmentId, clientId: n.clientId, therapistId: n.therapistId, locationId: n.locationId, noteId: n.noteId });
const workOf = (n: SessionNote) => n.content.work.map(({ technique, region, pressure, minutes }) => ({ technique, region, pressure, minutes }));
const painOf = (n: SessionNote) => n.content.pain.map(({ region, before, after }) => ({ region, before, ...(after !== undefined ? { after } : {}) }));

/** The signed note as SessionLogged: the work and pain lines and PSFS scores, never the note's words. */
export function sessionLoggedV1(n: SessionNote): SessionLoggedV1 {
  if (!n.signedAt) throw new Error(`note ${n.noteId} is not signed`);
  return {
    ...sessionBase(n),
    ...(n.planId ? { planId: n.planId } : {}),
    startsAt: n.startsAt.toISOString(),
    signedAt: n.signedAt.toISOString(),
    work: workOf(n),
    pain: painOf(n),
    functionScores: n.content.functionScores.map(({ goalId, score }) => ({ goalId, score })),
  };
}

/** An amendment as SessionNoteAmended: kind and sections, and the work or pain lines as they now stand when those changed. */
export function sessionNoteAmendedV1(n: SessionNote, a: NoteAmendment): SessionNoteAmendedV1 {
  return {
    ...sessionBase(n),
    amendmentId: a.amendmentId,
    kind: a.kind,
    sections: a.sections,
    ...(a.sections.includes('work') ? { work: workOf(n) } : {}),
    ...(a.sections.includes('pain') ? { pain: painOf(n) } : {}),
    amendedAt: a.at.toISOString(),
  };
}
