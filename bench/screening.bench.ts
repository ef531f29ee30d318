/**
 * Screening engine throughput: evaluations per second of `screen` (libs/intake/screening) for a
 * realistic intake, against a raw baseline measured in the same run on the same document: a JSON
 * round-trip of the answers (what the service does anyway to store them). Pure domain code: no Kafka,
 * no PostgreSQL (bench/README.md, "Screening").
 */
import type { HealthAnswers } from '@massage/intake-domain';
import { RULE_TABLE_2026_1, screen, validateRuleTable, type ClearanceInput } from '@massage/intake-screening';
import { cpus } from 'node:os';
import { envNumber, fmt, load1m, median, runMain, writeResult } from './bench-support';

const N = envNumber('BENCH_SCREENING_N', 100_000);
const REPS = envNumber('BENCH_SCREENING_REPS', 5);
const TARGET = 20_000;

const DAY_MS = 86_400_000;
const asOf = new Date('2026-06-15T10:00:00Z');
const daysAgo = (n: number) => new Date(asOf.getTime() - n * DAY_MS).toISOString().slice(0, 10);

/** Five conditions (some with regions, qualifiers and dates), a surgery, a device, a pregnancy, two medications, a pain chart. */
const answers: HealthAnswers = {
  conditions: [
    { code: 'hypertension', regions: [], qualifiers: ['controlled'], diagnosedOn: daysAgo(2000) },
    { code: 'varicose-veins', regions: ['left-calf'], qualifiers: ['mild'] },
    {
      code: 'dvt',
      regions: ['left-calf'],
      qualifiers: [],
      treatmentStartedOn: daysAgo(900),
      treatmentEndedOn: daysAgo(700),
    },
    { code: 'acute-inflammation', regions: ['right-shoulder'], qualifiers: ['subacute'], onsetOn: daysAgo(12) },
    { code: 'other', regions: [], qualifiers: [], note: 'seasonal allergies' },
  ],
  surgeries: [{ on: daysAgo(50), sites: ['right-knee'] }],
  fractures: [],
  devices: [{ kind: 'joint-replacement', sites: ['right-hip'], placedOn: daysAgo(400) }],
  pregnancy: { weeks: 22, riskFactors: [] },
  medications: [{ class: 'anticoagulant', name: 'apixaban' }, { class: 'analgesic' }],
  symptomsToday: [],
  painAreas: [
    { region: 'lower-back', rating: 6 },
    { region: 'neck', rating: 3 },
  ],
  pressurePreference: 'P3',
};
const clearances: ClearanceInput[] = [
  {
    id: '0b0d5e44-9d1e-4f4e-9d57-3f1b8f3c2a10',
    rules: ['SURG'],
    techniques: 'all',
    sites: ['right-knee'],
    maxPressure: 'P2',
    expiresAt: '2026-07-01T00:00:00Z',
  },
  {
    id: '5c3e8a51-77f2-4c1b-a2e4-9f0d1e6b7c22',
    rules: ['HTN'],
    techniques: 'all',
    sites: 'all',
    expiresAt: '2026-03-01T00:00:00Z',
  },
];

/** Evaluations per second of `fn` over n calls; `sink` keeps the work from being optimised away. */
function rate(n: number, fn: () => number): { perSecond: number; sink: number } {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: n / seconds, sink };
}

const screenOnce = () => screen(answers, clearances, RULE_TABLE_2026_1, asOf).restrictions.length;
const roundTrip = () => (JSON.parse(JSON.stringify(answers)) as HealthAnswers).conditions.length;

async function main(): Promise<void> {
  const table = validateRuleTable(JSON.parse(JSON.stringify(RULE_TABLE_2026_1)));
  if (!table.ok) throw new Error(`table 2026.1 does not validate: ${JSON.stringify(table.violations)}`);
  const sample = screen(answers, clearances, RULE_TABLE_2026_1, asOf);
  console.error(
    `screening: ${N} evaluations × ${REPS} alternating repetitions; the intake yields ${sample.restrictions.length} restrictions, outcome ${sample.outcome}`,
  );

  // Warm-up: let V8 optimise both paths before timing.
  rate(Math.min(N, 20_000), screenOnce);
  rate(Math.min(N, 20_000), roundTrip);
  const loadBefore = load1m();
  const screenRuns: number[] = [];
  const baselineRuns: number[] = [];
  let sink = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const s = rate(N, screenOnce);
    const b = rate(N, roundTrip);
    screenRuns.push(s.perSecond);
    baselineRuns.push(b.perSecond);
    sink += s.sink + b.sink;
    console.error(
      `  rep ${rep + 1}: screen ${Math.round(s.perSecond)}/s, JSON round-trip ${Math.round(b.perSecond)}/s`,
    );
  }
  const screenRate = median(screenRuns);
  const baselineRate = median(baselineRuns);
  const ratio = Number((screenRate / baselineRate).toFixed(3));
  writeResult('screening', {
    at: new Date().toISOString(),
    environment: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      loadAverage1m: { before: loadBefore, atEnd: load1m() },
    },
    settings: {
      n: N,
      repetitions: REPS,
      tableVersion: RULE_TABLE_2026_1.version,
      rules: RULE_TABLE_2026_1.rules.length,
      restrictions: sample.restrictions.length,
      outcome: sample.outcome,
    },
    screen: { evaluationsPerSecond: Math.round(screenRate), runs: screenRuns.map(Math.round) },
    jsonRoundTrip: { perSecond: Math.round(baselineRate), runs: baselineRuns.map(Math.round) },
    ratio,
    target: { evaluationsPerSecond: TARGET },
    sink,
  });
  console.log(`| measure | value | target |
|---|---|---|
| screen(): realistic intake, table ${RULE_TABLE_2026_1.version} (median of ${REPS}) | ${fmt(screenRate)} evaluations/s | ≥ ${fmt(TARGET)}/s |
| JSON round-trip of the same answers (median of ${REPS}) | ${fmt(baselineRate)} /s | |
| screen / JSON round-trip | ${ratio} | |`);
}

runMain(main);
