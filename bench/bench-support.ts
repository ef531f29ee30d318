/**
 * What the benchmarks share: settings from the environment, realistic IntakeCompleted payloads, the
 * run's own database and topic names (bench/run.sh drops whatever a run leaves, by BENCH_RUN_ID), and
 * the measuring tools (commit clock, percentiles).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  BODY_REGIONS,
  CONDITION_CODES,
  IntakeCompleted,
  MEDICATION_CODES,
  PRESSURE_PREFERENCES,
  type EventDefinition,
  type IntakeCompletedV1,
} from '@massage/contracts';
import { brokersFromEnv, MESSAGING_ENTITIES, MESSAGING_MIGRATIONS, ReliableKafkaTransport, toKafkaMessage, type EventEnvelope } from '@massage/messaging';
import type { Admin, ConsumerConfig, Kafka, Message } from 'kafkajs';
import { Client } from 'pg';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent } from 'typeorm';

export const PARTITIONS = 6; // as intake.events.v1
export const pg = {
  host: process.env['PGHOST'] || '127.0.0.1',
  port: Number(process.env['PGPORT'] || 5432),
  user: process.env['PGUSER'] || 'postgres',
  password: process.env['PGPASSWORD'] || undefined,
};
export const quiet = { log: () => undefined, warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) };

/** Names every database (`bench_<what>_<run>`) and topic (`bench.<what>.<run>`) of this run. */
export const runId = process.env['BENCH_RUN_ID'] || `${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
}

const clients = Array.from({ length: 2000 }, () => randomUUID());
function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(Math.random() * xs.length)] as T;
}

/** A realistic IntakeCompleted payload (~450 bytes of JSON), keyed by one of 2000 client ids. */
export function intake(): IntakeCompletedV1 {
  const regions = [...new Set([pick(BODY_REGIONS), pick(BODY_REGIONS), pick(BODY_REGIONS)])];
  return {
    intakeId: randomUUID(),
    clientId: pick(clients),
    locationId: 'downtown-toronto',
    formVersion: '2026-11',
    completedAt: new Date().toISOString(),
    consentGivenAt: new Date().toISOString(),
    conditionCodes: [...new Set([pick(CONDITION_CODES), pick(CONDITION_CODES)])],
    medicationCodes: [pick(MEDICATION_CODES)],
    recentInjuryOrSurgery: Math.random() < 0.2,
    painReports: regions.map((region) => ({ region, rating: Math.floor(Math.random() * 11) })),
    pressurePreference: pick(PRESSURE_PREFERENCES),
    goalCount: Math.floor(Math.random() * 4),
  };
}

/** The Kafka record the relay would send for this payload (CloudEvents headers, keyed by client). */
export function intakeRecord(payload: IntakeCompletedV1): Message {
  const id = randomUUID();
  const envelope: EventEnvelope<IntakeCompletedV1> = {
    id,
    type: IntakeCompleted.type,
    source: '/massage/bench',
    time: new Date().toISOString(),
    subject: IntakeCompleted.key(payload),
    correlationId: id,
    data: payload,
  };
  return toKafkaMessage(envelope);
}

/** IntakeCompleted, published on one of this run's topics instead of the catalogue's. */
export function intakeOn(topic: string): EventDefinition<IntakeCompletedV1> {
  return { ...IntakeCompleted, topic };
}

export async function adminSql(sql: string): Promise<void> {
  const c = new Client({ ...pg, database: 'postgres' });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A fresh database with the messaging tables (outbox, inbox); dropRunLeftovers drops it. */
export async function createBenchDatabase(name: string): Promise<void> {
  await adminSql(`CREATE DATABASE "${name}"`);
  const ds = benchDataSource(name, 2);
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}

/** Whether NAME (a database, topic or consumer group) belongs to run ID: bench_<what>_<id>, bench.<what>.<id>[.<more>]. */
export function belongsToRun(name: string, id: string): boolean {
  return (name.startsWith('bench_') && name.endsWith(`_${id}`)) || (name.startsWith('bench.') && (name.endsWith(`.${id}`) || name.includes(`.${id}.`)));
}

/**
 * Drops every database, topic and consumer group of run ID, whether its bench finished or not (the
 * benches call it when done; bench/run.sh calls it through bench/cleanup.ts when one is interrupted).
 */
export async function dropRunLeftovers(admin: Admin, id = runId): Promise<string[]> {
  const dropped: string[] = [];
  const c = new Client({ ...pg, database: 'postgres' });
  await c.connect();
  try {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'bench%'`);
    for (const { datname } of rows.filter((r) => belongsToRun(r.datname, id))) {
      await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      dropped.push(`database ${datname}`);
    }
  } finally {
    await c.end();
  }
  const topics = (await admin.listTopics()).filter((t) => belongsToRun(t, id));
  if (topics.length > 0) await admin.deleteTopics({ topics });
  dropped.push(...topics.map((t) => `topic ${t}`));
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => belongsToRun(g, id));
  if (groups.length > 0) await admin.deleteGroups(groups);
  dropped.push(...groups.map((g) => `consumer group ${g}`));
  return dropped;
}

/** A DataSource (own pool of `poolSize`) on a bench database; not initialised yet. */
export function benchDataSource(database: string, poolSize: number): DataSource {
  return new DataSource({
    type: 'postgres',
    host: pg.host,
    port: pg.port,
    username: pg.user,
    ...(pg.password ? { password: pg.password } : {}),
    database,
    entities: MESSAGING_ENTITIES,
    migrations: MESSAGING_MIGRATIONS,
    extra: { max: poolSize },
  });
}

/**
 * A ReliableKafkaTransport of a throwaway group reading DEF's topic from the beginning, 6 partitions at
 * once, as a service would configure it (constructor options only).
 */
export function benchTransport(opts: {
  dataSource: DataSource;
  def: EventDefinition<IntakeCompletedV1>;
  groupId: string;
  consumerConfig: Partial<Omit<ConsumerConfig, 'groupId'>>;
  kafka?: Kafka;
}): ReliableKafkaTransport {
  return new ReliableKafkaTransport({
    brokers: brokersFromEnv(),
    ...(opts.kafka ? { kafka: opts.kafka } : {}),
    groupId: opts.groupId,
    topics: [opts.def.topic],
    dataSource: opts.dataSource,
    definitions: [opts.def],
    fromBeginning: true,
    createDlqTopic: { partitions: 1 }, // a throwaway group: its DLQ is not in the catalogue
    partitionsConsumedConcurrently: PARTITIONS,
    consumerConfig: opts.consumerConfig,
  });
}

/**
 * When transactions really committed: `mark(manager, id)` inside a transaction, and the subscriber
 * notes `Date.now()` for that id once COMMIT has returned (TypeORM's afterTransactionCommit), or
 * forgets it on rollback. Works for the writer's transactions and for the consumer's inbox transaction
 * (the handler's `ctx.manager`) alike.
 */
export class CommitClock {
  readonly committedAt = new Map<string, number>();
  private readonly pending = new WeakMap<QueryRunner, string[]>();

  constructor(private readonly onCommit?: (id: string, at: number) => void) {}

  attach(ds: DataSource): void {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event: TransactionCommitEvent) => this.committed(event.queryRunner),
      afterTransactionRollback: (event) => {
        this.pending.delete(event.queryRunner);
      },
    };
    ds.subscribers.push(subscriber);
  }

  mark(manager: EntityManager, id: string): void {
    const runner = manager.queryRunner;
    if (!runner) throw new Error('CommitClock.mark needs a transaction manager');
    const ids = this.pending.get(runner) ?? [];
    ids.push(id);
    this.pending.set(runner, ids);
  }

  private committed(runner: QueryRunner): void {
    const ids = this.pending.get(runner);
    if (!ids) return;
    this.pending.delete(runner);
    const at = Date.now();
    for (const id of ids) {
      this.committedAt.set(id, at);
      this.onCommit?.(id, at);
    }
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export interface Distribution {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function distribution(samples: number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: Number((sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)).toFixed(1)),
  };
}

export async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function environment(brokers: string[]): Record<string, unknown> {
  return { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, brokers, postgres: `${pg.host}:${pg.port}` };
}

/**
 * CPU time the whole machine has spent busy so far, all cores, in ms (Linux /proc/stat: user, nice, system, irq,
 * softirq and steal, in clock ticks of 10 ms). Per booking, it is everything the work costs: every process, the
 * kernel, PostgreSQL and Kafka included, and whatever else runs meanwhile (only meaningful on a quiet machine).
 */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) * 10;
}

/**
 * CPU time one process has used so far, in ms (/proc/<pid>/stat, clock ticks of 10 ms): user + system, and with
 * `children` also its reaped children's (cutime, cstime). NaN once the process is gone.
 */
export function processCpuMs(pid: number, { children = false } = {}): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return NaN;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const ticks = (fields[11] ?? NaN) + (fields[12] ?? NaN) + (children ? (fields[13] ?? NaN) + (fields[14] ?? NaN) : 0);
  return ticks * 10;
}

/**
 * CPU time used so far by every process whose command name matches, summed, in ms: e.g. /^postgres$/ for the
 * server and all its backends, /^java$/ for the Kafka broker. Reaped children count too, so a backend that exited
 * meanwhile is still counted, in the postmaster's.
 */
export function processesCpuMs(command: RegExp): number {
  let ms = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let comm: string;
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (!command.test(comm)) continue;
    const used = processCpuMs(Number(pid), { children: true });
    if (!Number.isNaN(used)) ms += used;
  }
  return ms;
}

export function load1m(): number {
  return Number((loadavg()[0] ?? NaN).toFixed(2));
}

/** bench/results/<name>.json */
export function writeResult(name: string, result: object): void {
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', `${name}.json`), JSON.stringify(result, null, 2) + '\n');
}

export const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** Runs a bench's main and exits with its outcome (kafkajs and pg keep timers alive otherwise). */
export function runMain(main: () => Promise<void>): void {
  // A signal (bench/run.sh passes on Ctrl-C and SIGTERM) exits through process.exit, so that 'exit' handlers stop
  // the processes the bench started (ServiceProcess) instead of leaving them running.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
