import type { Restriction, ScreeningState } from '@massage/clinical-restrictions';
import { openNote, saveNote, signNote } from '../lib/session-note.lifecycle';
import type { NoteContent, SessionNote } from '../lib/session-note.types';
import type { TreatmentPlan } from '../lib/treatment-plan.types';
import type { NewTreatmentPlan } from '../lib/treatment-plan';
import type { ScreeningContext } from '../lib/work-safety';

/** Test data: one client at one location, one therapist, a neck-and-upper-back plan, sessions a week apart. */
export const CLIENT = '0b5f6f0e-4a43-4c1e-9a59-2f1d3c1a0001';
export const THERAPIST = '0b5f6f0e-4a43-4c1e-9a59-2f1d3c1a0002';
export const OTHER_THERAPIST = '0b5f6f0e-4a43-4c1e-9a59-2f1d3c1a0003';
export const PLAN = '0b5f6f0e-4a43-4c1e-9a59-2f1d3c1a0004';
export const SCREENING = '0b5f6f0e-4a43-4c1e-9a59-2f1d3c1a0005';
export const GOALS = ['0b5f6f0e-4a43-4c1e-9a59-2f1d3c1a0011', '0b5f6f0e-4a43-4c1e-9a59-2f1d3c1a0012', '0b5f6f0e-4a43-4c1e-9a59-2f1d3c1a0013'];
export const LOCATION = 'downtown-toronto';

export const restriction = (r: Partial<Restriction> & Pick<Restriction, 'rule' | 'kind'>): Restriction => ({ techniques: 'all', regions: 'all', ...r });

export function screened(restrictions: Restriction[] = [], outcome: ScreeningState['outcome'] = restrictions.length ? 'modified' : 'cleared', screeningId = SCREENING): ScreeningContext {
  return { screening: { screeningId, outcome, restrictions }, clearances: [] };
}

export function newPlan(overrides: Partial<NewTreatmentPlan> = {}): NewTreatmentPlan {
  return {
    planId: PLAN,
    clientId: CLIENT,
    locationId: LOCATION,
    therapistId: THERAPIST,
    goals: [
      { goalId: GOALS[0], activity: 'Turn my head to reverse the car', baselineScore: 3, targetScore: 8 },
      { goalId: GOALS[1], activity: 'Work at the computer for two hours', baselineScore: 4, targetScore: 8, by: '2026-04-30' },
      { goalId: GOALS[2], activity: 'Sleep through the night', baselineScore: 5, targetScore: 9 },
    ],
    focusRegions: ['neck', 'upper-back'],
    techniques: ['swedish', 'trigger-point'],
    maxPressure: 'P4',
    frequency: { sessions: 1, everyWeeks: 1 },
    plannedSessions: 6,
    reassessOn: '2026-04-14',
    referral: { source: 'physician', referrer: 'Dr. A. Chen', reasonCode: 'M54.2' },
    ...overrides,
  };
}

export function activePlan(overrides: Partial<TreatmentPlan> = {}): TreatmentPlan {
  return { ...newPlan(), status: 'active', screeningId: SCREENING, createdAt: new Date('2026-03-02T14:00:00Z'), ...overrides };
}

export function content(overrides: Partial<NoteContent> = {}): NoteContent {
  return {
    subjective: 'Neck stiff after long days at the desk; sleeping better.',
    objective: 'Raised tone in upper trapezius, trigger points left levator scapulae.',
    rangeOfMotion: [{ joint: 'cervical-spine', movement: 'rotation-left', mode: 'active', degrees: 55 }],
    work: [
      { technique: 'swedish', region: 'upper-back', pressure: 'P3', minutes: 20 },
      { technique: 'trigger-point', region: 'neck', pressure: 'P4', minutes: 15 },
    ],
    pain: [
      { region: 'neck', before: 6, after: 4 },
      { region: 'upper-back', before: 5, after: 3 },
    ],
    functionScores: [],
    assessment: 'Tolerated well; rotation improving.',
    plan: 'Same focus next week; chin tucks twice daily.',
    ...overrides,
  };
}

/** A signed note of the plan's n-th session (n = 0, 1, 2 …), one week apart from 2026-03-03 10:00 Toronto. */
export function signedSession(n: number, c: NoteContent, overrides: Partial<SessionNote> = {}): SessionNote {
  const hex = (1000 + n).toString(16).padStart(4, '0');
  const startsAt = new Date(Date.parse('2026-03-03T15:00:00Z') + n * 7 * 86_400_000);
  const draft = openNote(
    { noteId: `7c1d2e3f-0000-4000-8000-00000000${hex}`, appointmentId: `9a8b7c6d-0000-4000-8000-00000000${hex}`, clientId: CLIENT, therapistId: THERAPIST, locationId: LOCATION, planId: PLAN, startsAt, endsAt: new Date(startsAt.getTime() + 60 * 60_000) },
    startsAt,
  );
  const actor = { userId: THERAPIST };
  const saved = saveNote(draft, c, actor, screened());
  if (!saved.ok) throw new Error(JSON.stringify(saved.refusals));
  const signed = signNote(saved.value, actor, screened(), new Date(startsAt.getTime() + 70 * 60_000));
  if (!signed.ok) throw new Error(JSON.stringify(signed.refusals));
  return { ...signed.value, ...overrides };
}

/** The demo client: a plan and three signed sessions whose pain falls (neck 6 → 4 → 3, upper back 5 → 4 → 2) and PSFS rises. */
export function threeSessions(): SessionNote[] {
  const psfs = (a: number, b: number, c: number) => [
    { goalId: GOALS[0], score: a },
    { goalId: GOALS[1], score: b },
    { goalId: GOALS[2], score: c },
  ];
  return [
    signedSession(0, content({ pain: [{ region: 'neck', before: 6, after: 4 }, { region: 'upper-back', before: 5, after: 3 }], functionScores: psfs(3, 4, 5) })),
    signedSession(1, content({ pain: [{ region: 'neck', before: 4, after: 3 }, { region: 'upper-back', before: 4, after: 2 }], functionScores: psfs(5, 5, 6) })),
    signedSession(2, content({ pain: [{ region: 'neck', before: 3, after: 2 }, { region: 'upper-back', before: 2, after: 1 }], functionScores: psfs(7, 6, 7) })),
  ];
}
