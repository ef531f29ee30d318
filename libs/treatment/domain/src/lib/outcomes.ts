import type { BodyRegion } from '@massage/contracts';
import type { SessionNote } from './session-note.types';
import type { LocalDate, TreatmentPlan } from './treatment-plan.types';

/**
 * Minimal clinically important differences, from ../shared/domain/clinical-records.md ("Outcome measures",
 * "a change that matters"):
 * - NPRS (pain 0–10): "about 2 points or 30% (Farrar 2001; 2008 consensus)": a fall of at least 2 points, or
 *   of at least 30% of the baseline. The 30% is defined for a reduction, so a rise counts by points only.
 * - PSFS (function 0–10, higher is better): "detectable change: 2 (mean), 3 (one activity)".
 */
export const MCID = {
  nprsPoints: 2,
  nprsPercent: 30,
  psfsMeanPoints: 2,
  psfsItemPoints: 3,
} as const;

/** One point of a chart: the session's start (RFC 3339 instant) and the value. */
export interface ChartPoint {
  date: string;
  value: number;
}

/** Whether a change reached the MCID, either way; `too-few-sessions` when there is nothing to compare. */
export type ChangeVerdict = 'improved' | 'worsened' | 'no-important-change' | 'too-few-sessions';

/**
 * Pain (NPRS) change from `baseline` to `latest`, lower is better: improved when it fell by at least 2 points or
 * by at least 30% of the baseline (integer arithmetic: 10·fall ≥ 3·baseline, and a fall at all); worsened when
 * it rose by at least 2 points.
 */
export function nprsVerdict(baseline: number, latest: number): Exclude<ChangeVerdict, 'too-few-sessions'> {
  const fall = baseline - latest;
  if (fall > 0 && (fall >= MCID.nprsPoints || 100 * fall >= MCID.nprsPercent * baseline)) return 'improved';
  if (-fall >= MCID.nprsPoints) return 'worsened';
  return 'no-important-change';
}

/** A PSFS change of the sum of `n` items (or one item, n = 1) against `points` per item: higher is better. */
function psfsVerdict(change: number, threshold: number): Exclude<ChangeVerdict, 'too-few-sessions'> {
  if (change >= threshold) return 'improved';
  if (-change >= threshold) return 'worsened';
  return 'no-important-change';
}

/** Pain in one region across a plan's sessions: before and after each session; the verdict compares the first and the latest "before". */
export interface PainTrend {
  region: BodyRegion;
  before: ChartPoint[];
  after: ChartPoint[];
  baseline?: number;
  latest?: number;
  /** latest − baseline (negative: less pain). */
  change?: number;
  verdict: ChangeVerdict;
}

/** One PSFS activity: the plan's baseline and target, the scores taken; the verdict compares the baseline with the latest score. */
export interface PsfsItemTrend {
  goalId: string;
  activity: string;
  baseline: number;
  target: number;
  scores: ChartPoint[];
  latest?: number;
  /** latest − baseline (positive: better). */
  change?: number;
  verdict: ChangeVerdict;
  targetReached: boolean;
}

/** The PSFS score (mean of the plan's activities) at each session that scored all of them, against the plan's baselines. */
export interface PsfsMeanTrend {
  scores: ChartPoint[];
  baseline: number;
  latest?: number;
  change?: number;
  verdict: ChangeVerdict;
}

export interface ReassessmentDue {
  /** An active plan whose re-assessment date has come or whose planned sessions are done. */
  due: boolean;
  reasons: ('date-reached' | 'sessions-done')[];
  on: LocalDate;
  sessionsDone: number;
  plannedSessions: number;
}

export interface PlanOutcomes {
  planId: string;
  /** Signed sessions counted (the plan's, by start). */
  sessions: number;
  pain: PainTrend[];
  psfs: { items: PsfsItemTrend[]; mean: PsfsMeanTrend };
  reassessment: ReassessmentDue;
}

/** Re-assessment is due on or after `reassessOn` (`today` is the location's local date: no clock here), or once the planned sessions are done. */
export function reassessmentDue(plan: Pick<TreatmentPlan, 'status' | 'reassessOn' | 'plannedSessions'>, sessionsDone: number, today: LocalDate): ReassessmentDue {
  const reasons: ReassessmentDue['reasons'] = [];
  if (today >= plan.reassessOn) reasons.push('date-reached');
  if (sessionsDone >= plan.plannedSessions) reasons.push('sessions-done');
  return { due: plan.status === 'active' && reasons.length > 0, reasons, on: plan.reassessOn, sessionsDone, plannedSessions: plan.plannedSessions };
}

/** Rounded for a chart (the verdicts use exact sums). */
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * A plan's outcomes from its signed notes (latest version of each, amendments included; drafts and other
 * plans' notes ignored), ordered by session start: per region, pain before and after each session and whether
 * the change from the first session's "before" to the latest's reached the MCID; per PSFS activity, the scores
 * against the plan's baseline and target; the PSFS mean at each session that scored every activity; and
 * whether re-assessment is due on `today`.
 */
export function planOutcomes(plan: TreatmentPlan, notes: readonly SessionNote[], today: LocalDate): PlanOutcomes {
  const sessions = notes
    .filter((n) => n.status === 'signed' && n.planId === plan.planId)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.noteId < b.noteId ? -1 : a.noteId > b.noteId ? 1 : 0));
  const dateOf = (n: SessionNote) => n.startsAt.toISOString();

  const regions: BodyRegion[] = [...plan.focusRegions];
  for (const n of sessions) for (const p of n.content.pain) if (!regions.includes(p.region)) regions.push(p.region);
  const pain = regions.map((region): PainTrend => {
    const before: ChartPoint[] = [];
    const after: ChartPoint[] = [];
    for (const n of sessions) {
      const p = n.content.pain.find((x) => x.region === region);
      if (!p) continue;
      before.push({ date: dateOf(n), value: p.before });
      if (p.after !== undefined) after.push({ date: dateOf(n), value: p.after });
    }
    if (before.length === 0) return { region, before, after, verdict: 'too-few-sessions' };
    const baseline = before[0].value;
    const latest = before[before.length - 1].value;
    const verdict = before.length < 2 ? 'too-few-sessions' : nprsVerdict(baseline, latest);
    return { region, before, after, baseline, latest, change: latest - baseline, verdict };
  });

  const items = plan.goals.map((g): PsfsItemTrend => {
    const scores: ChartPoint[] = [];
    for (const n of sessions) {
      const s = n.content.functionScores.find((x) => x.goalId === g.goalId);
      if (s) scores.push({ date: dateOf(n), value: s.score });
    }
    const base = { goalId: g.goalId, activity: g.activity, baseline: g.baselineScore, target: g.targetScore, scores };
    if (scores.length === 0) return { ...base, verdict: 'too-few-sessions', targetReached: false };
    const latest = scores[scores.length - 1].value;
    const change = latest - g.baselineScore;
    return { ...base, latest, change, verdict: psfsVerdict(change, MCID.psfsItemPoints), targetReached: latest >= g.targetScore };
  });

  // The mean needs every activity scored: a mean of a subset is not the PSFS score. Sums keep the MCID exact (Σ change ≥ 2·n).
  const n = plan.goals.length;
  const baselineSum = plan.goals.reduce((s, g) => s + g.baselineScore, 0);
  const complete = sessions.flatMap((note) => {
    const scores = plan.goals.map((g) => note.content.functionScores.find((x) => x.goalId === g.goalId)?.score);
    return scores.every((s) => s !== undefined) ? [{ date: dateOf(note), sum: scores.reduce((a: number, b) => a + (b as number), 0) }] : [];
  });
  const meanBase = { scores: complete.map((c) => ({ date: c.date, value: round2(c.sum / n) })), baseline: n === 0 ? 0 : round2(baselineSum / n) };
  const last = complete[complete.length - 1];
  const mean: PsfsMeanTrend =
    !last || n === 0
      ? { ...meanBase, verdict: 'too-few-sessions' }
      : { ...meanBase, latest: round2(last.sum / n), change: round2((last.sum - baselineSum) / n), verdict: psfsVerdict(last.sum - baselineSum, MCID.psfsMeanPoints * n) };

  return { planId: plan.planId, sessions: sessions.length, pain, psfs: { items, mean }, reassessment: reassessmentDue(plan, sessions.length, today) };
}
