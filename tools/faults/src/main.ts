/**
 * The fault suite (issue 5, docs/reliability.md): each scenario under a steady load of real events
 * through the real services, on a Kafka broker, PostgreSQL cluster and SMTP server of its own; then
 * counts lost, duplicated and reordered effects and the time to recover. Run with `npm run faults`.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseCliOptions } from './cli-options';
import { ServiceProcess } from './infra/service-process';
import { SuiteStack } from './infra/suite-stack';
import { jestSummaryLine, markdownTable, runFailed, summarise } from './report/results-table';
import { resultsSection, writeResults } from './report/reliability-doc';
import { runScenario, type RunPhases, type RunResult, type RunSettings } from './scenario-runner';
import { ALL_SCENARIOS } from './scenarios/all-scenarios';

const ROOT = join(__dirname, '../../..');
const log = (line: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<number> {
  const options = parseCliOptions(process.argv.slice(2));
  if (options.list) {
    for (const s of ALL_SCENARIOS) console.log(`${s.name.padEnd(18)} ${s.title}`);
    return 0;
  }
  const unknown = (options.scenarios ?? []).filter((name) => !ALL_SCENARIOS.some((s) => s.name === name));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; --list shows them`);
  const scenarios = options.scenarios ? ALL_SCENARIOS.filter((s) => options.scenarios?.includes(s.name)) : ALL_SCENARIOS;
  const settings: RunSettings = {
    ratePerSecond: options.ratePerSecond,
    intakesPerClient: 3,
    warmupMs: 5_000,
    afterFaultLoadMs: 5_000,
    drainTimeoutMs: options.drainTimeoutMs,
    lateAfterMs: 2_000,
  };

  const runDir = join(ROOT, 'tmp/faults', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(runDir, { recursive: true });
  const cleanups: (() => Promise<void>)[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = (): Promise<void> =>
    (cleaning ??= (async () => {
      for (const step of cleanups.reverse()) await step().catch((e: unknown) => log(`cleanup step failed: ${String(e)}`));
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the suite's processes`);
      void cleanUp().finally(() => process.exit(130));
    });
  }

  const results: RunResult[] = [];
  const startedAt = Date.now();
  let runsStartedAt = startedAt;
  try {
    log(`run folder ${runDir}`);
    const stack = await SuiteStack.start(ROOT, runDir, log, cleanups);
    cleanups.push(() => ServiceProcess.abortAll()); // runs first: replicas before the stack they use
    log('stack ready');
    runsStartedAt = Date.now();
    for (const scenario of scenarios) {
      for (let run = 1; run <= options.runs; run += 1) {
        log(`${scenario.name} run ${run}/${options.runs}: ${scenario.title}`);
        const result = await runScenario(stack, scenario, run, settings, log);
        results.push(result);
        log(
          `${scenario.name} run ${run}: ${result.events} events, lost ${result.lost}, duplicated ${result.duplicated}, order ${result.orderViolations}, ` +
            `dead-lettered ${result.deadLettered}, duplicate mails ${result.duplicateMails}, recovery ${result.recoveryMs === null ? 'not drained' : `${result.recoveryMs} ms`}` +
            ` (requests ${JSON.stringify(result.requests)}; ${phaseLine(result.phases)})${result.details.examples.length ? `; e.g. ${result.details.examples.slice(0, 3).join('; ')}` : ''}`,
        );
      }
    }
  } finally {
    await cleanUp();
    if (options.keep) log(`kept ${runDir} (logs, data)`);
    else rmSync(runDir, { recursive: true, force: true });
  }

  const titles = new Map(ALL_SCENARIOS.map((s) => [s.name, s.title]));
  const rows = summarise(results, titles);
  const table = markdownTable(rows);
  const duration = `${minutes(Date.now() - startedAt)} in all (stack ${minutes(runsStartedAt - startedAt)}, runs ${minutes(Date.now() - runsStartedAt)}), load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end`;
  log(`where the time went, mean per run: ${ALL_SCENARIOS.filter((s) => results.some((r) => r.scenario === s.name)).map((s) => `${s.name} ${phaseLine(meanPhases(results.filter((r) => r.scenario === s.name)))}`).join('; ')}`);
  log(`suite wall time: ${duration}`);
  console.log(table);
  for (const row of rows) for (const error of row.errors) console.log(`- ${row.scenario} ${error}`);
  if (options.writeDoc || options.runs >= 10) {
    const doc = join(ROOT, 'docs/reliability.md');
    writeResults(doc, resultsSection({
      table,
      args: process.argv.slice(2).filter((a) => a !== '--no-build' && a !== '--keep').join(' '),
      settings: `${settings.ratePerSecond} requests/s (1 registration + ${settings.intakesPerClient} intakes per client), fault after ${settings.warmupMs / 1000} s of load, load for ${settings.afterFaultLoadMs / 1000} s after it, drain deadline ${settings.drainTimeoutMs / 1000} s, "held up" = applied more than ${settings.lateAfterMs / 1000} s after commit`,
      notes: [`Wall time ${duration}.`, ...rows.flatMap((r) => r.errors.map((e) => `${r.scenario} ${e}`))],
    }));
    log(`wrote the table into ${doc}`);
  }
  console.log(jestSummaryLine(results));
  return results.some(runFailed) || results.length === 0 ? 1 : 0;
}

const minutes = (ms: number): string => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

function phaseLine(p: RunPhases): string {
  return (Object.keys(p) as (keyof RunPhases)[]).map((k) => `${k} ${(p[k] / 1000).toFixed(1)} s`).join(', ');
}

function meanPhases(runs: readonly RunResult[]): RunPhases {
  const mean = (k: keyof RunPhases): number => runs.reduce((sum, r) => sum + r.phases[k], 0) / Math.max(1, runs.length);
  return { setup: mean('setup'), fault: mean('fault'), drain: mean('drain'), count: mean('count'), teardown: mean('teardown') };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
