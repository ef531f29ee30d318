import type { EffectCounts } from '../measure/run-verdict';
import type { RunResult } from '../scenario-runner';

export interface ScenarioRow extends EffectCounts {
  scenario: string;
  title: string;
  runs: number;
  /** Recovery over the runs, ms; null when some run never drained. */
  recoveryP50: number | null;
  recoveryMax: number | null;
  failedRuns: number;
  errors: string[];
}

/** Sums the runs of each scenario; recovery as median and maximum. */
export function summarise(results: readonly RunResult[], titles: ReadonlyMap<string, string>): ScenarioRow[] {
  const rows: ScenarioRow[] = [];
  for (const scenario of [...new Set(results.map((r) => r.scenario))]) {
    const runs = results.filter((r) => r.scenario === scenario);
    const sum = (pick: (r: RunResult) => number): number => runs.reduce((total, r) => total + pick(r), 0);
    const recoveries = runs.map((r) => r.recoveryMs);
    const drained = recoveries.every((r) => r !== null) ? (recoveries as number[]).sort((a, b) => a - b) : null;
    rows.push({
      scenario,
      title: titles.get(scenario) ?? scenario,
      runs: runs.length,
      events: sum((r) => r.events),
      lost: sum((r) => r.lost),
      duplicated: sum((r) => r.duplicated),
      orderViolations: sum((r) => r.orderViolations),
      deadLettered: sum((r) => r.deadLettered),
      duplicateMails: sum((r) => r.duplicateMails),
      recoveryP50: drained ? median(drained) : null,
      recoveryMax: drained ? (drained[drained.length - 1] ?? 0) : null,
      failedRuns: runs.filter(runFailed).length,
      errors: runs.flatMap((r) => (r.error ? [`run ${r.run}: ${r.error.split('\n')[0]}`] : [])),
    });
  }
  return rows;
}

/** A run fails when it lost, duplicated or reordered anything, or could not be carried out. Recovery time is reported, never judged. */
export function runFailed(r: RunResult): boolean {
  return r.error !== undefined || r.lost > 0 || r.duplicated > 0 || r.orderViolations > 0;
}

export function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const seconds = (ms: number | null): string => (ms === null ? 'not drained' : `${(ms / 1000).toFixed(1)} s`);

export function markdownTable(rows: readonly ScenarioRow[]): string {
  const lines = [
    '| # | scenario | runs | events | lost | duplicated | order violations | dead-lettered | duplicate mails | recovery p50 | recovery max |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  rows.forEach((r, i) =>
    lines.push(
      `| ${i + 1} | ${r.title} (\`${r.scenario}\`) | ${r.runs}${r.errors.length ? ` (${r.errors.length} could not run)` : ''} | ${r.events} | ${r.lost} | ${r.duplicated} | ${r.orderViolations} | ${r.deadLettered} | ${r.duplicateMails} | ${seconds(r.recoveryP50)} | ${seconds(r.recoveryMax)} |`,
    ),
  );
  return lines.join('\n');
}

/** The line scripts/test-all.sh adds up: one "test" per scenario run. */
export function jestSummaryLine(results: readonly RunResult[]): string {
  const failed = results.filter(runFailed).length;
  return `Tests:       ${failed} failed, ${results.length - failed} passed, ${results.length} total`;
}
