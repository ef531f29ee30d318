import type { BodyRegion } from '@massage/contracts';
import type { SessionNote } from './session-note.types';
import type { LocalDate, TreatmentPlan } from './treatment-plan.types';

/** One point of a chart: the session's start (RFC 3339 instant) and the value. */
export interface ChartPoint {
  date: string;
  value: number;
}
export type ChangeVerdict = 'improved' | 'worsened' | 'no-important-change' | 'too-few-sessions';
export interface PainTrend {
  region: BodyRegion;
  before: ChartPoint[];
  after: ChartPoint[];
  baseline?: number;
  latest?: number;
  change?: number;
  verdict: ChangeVerdict;
}
export interface PsfsItemTrend {
  goalId: string;
  activity: string;
  baseline: number;
  target: number;
  scores: ChartPoint[];
  latest?: number;
  change?: number;
  verdict: ChangeVerdict;
  targetReached: boolean;
}
export interface PsfsMeanTrend {
  scores: ChartPoint[];
  baseline?: number;
  latest?: number;
  change?: number;
  verdict: ChangeVerdict;
}
export interface ReassessmentDue {
  due: boolean;
  reasons: ('date-reached' | 'sessions-done')[];
  on: LocalDate;
  sessionsDone: number;
  plannedSessions: number;
}
export interface PlanOutcomes {
  planId: string;
  sessions: number;
  pain: PainTrend[];
  psfs: { items: PsfsItemTrend[]; mean: PsfsMeanTrend };
  reassessment: ReassessmentDue;
}

export function planOutcomes(_plan: TreatmentPlan, _notes: readonly SessionNote[], _today: LocalDate): PlanOutcomes {
  throw new Error('not implemented');
}
export function reassessmentDue(_plan: TreatmentPlan, _sessionsDone: number, _today: LocalDate): ReassessmentDue {
  throw new Error('not implemented');
}
