/**
 * Outbox relay benchmark (see bench/README.md). One run, same broker and database:
 *  1. throughput: N events through a bare kafkajs producer vs the same N drained from the outbox by OutboxRelay;
 *  2. latency: events committed one per transaction at a fixed rate, timed from commit to a
 *     ReliableKafkaTransport handler.
 * Settings come from the environment: BENCH_N, BENCH_BATCH, BENCH_RATE, BENCH_SECONDS, KAFKA_BROKERS, PG*.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  BODY_REGIONS,
  CONDITION_CODES,
  IntakeCompleted,
  MEDICATION_CODES,
  PRESSURE_PREFERENCES,
  type EventDefinition,
  type IntakeCompletedV1,
} from '@massage/contracts';
import {
  brokersFromEnv,
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  OutboxRelay,
  OutboxWriter,
  ReliableKafkaTransport,
  toKafkaMessage,
  type EventEnvelope,
  type ReliableEventContext,
} from '@massage/messaging';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

const N = Number(process.env['BENCH_N'] ?? 20_000);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 100);
const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const PARTITIONS = 6; // as intake.events.v1
const REPS = Number(process.env['BENCH_REPS'] ?? 5);
const SKIP_LATENCY = process.env['BENCH_SKIP_LATENCY'] === '1';
const FILL_TX_SIZE = 500;

const pg = {
  host: process.env['PGHOST'] || '127.0.0.1',
  port: Number(process.env['PGPORT'] || 5432),
  user: process.env['PGUSER'] || 'postgres',
  password: process.env['PGPASSWORD'] || undefined,
};
const quiet = { log: () => undefined, warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) };
const runId = `${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;

// ---------- helpers ----------

const clients = Array.from({ length: 2000 }, () => randomUUID());
function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(Math.random() * xs.length)] as T;
}
/** A realistic IntakeCompleted payload (~450 bytes of JSON). */
function intake(): IntakeCompletedV1 {
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

async function adminSql(sql: string): Promise<void> {
  const c = new Client({ ...pg, database: 'postgres' });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function unpublishedCount(ds: DataSource): Promise<number> {
  const [row] = (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) as { n: number }[];
  return row?.n ?? -1;
}

// ---------- the latency consumer: an ordinary Nest handler ----------

interface LatencyProbe {
  handledAt: Map<string, number>;
}
const PROBE = Symbol('PROBE');

@Controller()
class LatencyHandler {
  constructor(@Inject(PROBE) private readonly probe: LatencyProbe) {}

  @EventPattern(IntakeCompleted.type)
  onIntakeCompleted(@Payload() _data: IntakeCompletedV1, @Ctx() ctx: ReliableEventContext): void {
    this.probe.handledAt.set(ctx.envelope.id, Date.now());
  }
}

@Module({})
class LatencyModule {
  static with(probe: LatencyProbe): DynamicModule {
    return { module: LatencyModule, controllers: [LatencyHandler], providers: [{ provide: PROBE, useValue: probe }] };
  }
}

// ---------- the benchmark ----------

async function throughputBare(kafka: Kafka, topic: string, payloads: IntakeCompletedV1[]): Promise<number> {
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const messages = payloads.map((p) => {
      const id = randomUUID();
      const env: EventEnvelope<IntakeCompletedV1> = {
        id,
        type: IntakeCompleted.type,
        source: '/massage/bench',
        time: new Date().toISOString(),
        subject: IntakeCompleted.key(p),
        correlationId: id,
        data: p,
      };
      return toKafkaMessage(env);
    });
    const t0 = performance.now();
    for (let i = 0; i < messages.length; i += BATCH) {
      await producer.sendBatch({ topicMessages: [{ topic, messages: messages.slice(i, i + BATCH) }], acks: -1 });
    }
    return performance.now() - t0;
  } finally {
    await producer.disconnect();
  }
}

async function throughputRelay(ds: DataSource, kafka: Kafka, def: EventDefinition<IntakeCompletedV1>, payloads: IntakeCompletedV1[]): Promise<number> {
  const relay = new OutboxRelay({ dataSource: ds, kafka, batchSize: BATCH, logger: quiet });
  await relay.drainOnce(); // connects the producer on an empty table: not timed
  const writer = new OutboxWriter('bench');
  for (let i = 0; i < payloads.length; i += FILL_TX_SIZE) {
    await ds.transaction(async (m) => {
      for (const p of payloads.slice(i, i + FILL_TX_SIZE)) await writer.enqueue(m, def, p);
    });
  }
  await ds.query('VACUUM ANALYZE outbox');
  const t0 = performance.now();
  const published = await relay.drainOnce();
  const ms = performance.now() - t0;
  await relay.stop();
  if (published !== payloads.length) throw new Error(`relay published ${published} of ${payloads.length}`);
  if ((await unpublishedCount(ds)) !== 0) throw new Error('rows left unpublished');
  return ms;
}

async function latency(ds: DataSource, kafka: Kafka, def: EventDefinition<IntakeCompletedV1>): Promise<{ samples: number[]; sent: number; wallMs: number; split: Record<string, Record<string, number>> }> {
  const probe: LatencyProbe = { handledAt: new Map() };
  const groupId = `bench.latency.${runId}`;
  const transport = new ReliableKafkaTransport({
    brokers: brokersFromEnv(),
    groupId,
    topics: [def.topic],
    dataSource: ds,
    definitions: [def],
    fromBeginning: true,
    createDlqTopic: { partitions: 1 }, // a throwaway group: its DLQ is not in the catalogue
    partitionsConsumedConcurrently: PARTITIONS,
    consumerConfig: { maxWaitTimeInMs: 100 },
  });
  const app = await NestFactory.createMicroservice(LatencyModule.with(probe), { strategy: transport, logger: ['error', 'warn'], abortOnError: false });
  await app.listen();
  const ackedAt = new Map<string, number>();
  const relay = new OutboxRelay({
    dataSource: ds,
    kafka,
    batchSize: BATCH,
    logger: quiet,
    hooks: {
      afterPublish: async (ids) => {
        const now = Date.now();
        for (const id of ids) ackedAt.set(id, now);
      },
    },
  });
  await relay.start();
  const writer = new OutboxWriter('bench');

  // Warm-up: one event end to end, so the group has joined and partitions are assigned before timing.
  const warm = await ds.transaction((m) => writer.enqueue(m, def, intake()));
  await waitFor('the warm-up event to be handled', () => probe.handledAt.has(warm.id), 60_000);

  const committedAt = new Map<string, number>();
  const total = RATE * SECONDS;
  const intervalMs = 1000 / RATE;
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      ds
        .transaction((m) => writer.enqueue(m, def, intake()))
        .then((env) => {
          committedAt.set(env.id, Date.now());
        }),
    );
  }
  await Promise.all(inFlight);
  const wallMs = performance.now() - t0;
  await waitFor('every event to be handled', () => [...committedAt.keys()].every((id) => probe.handledAt.has(id)), 60_000);
  await relay.stop();
  await app.close();
  const samples = [...committedAt].map(([id, c]) => (probe.handledAt.get(id) as number) - c);
  const toAck = [...committedAt].map(([id, c]) => (ackedAt.get(id) as number) - c).sort((a, b) => a - b);
  const ackToHandled = [...committedAt].map(([id]) => (probe.handledAt.get(id) as number) - (ackedAt.get(id) as number)).sort((a, b) => a - b);
  const split = {
    commitToAck: { p50: percentile(toAck, 50), p99: percentile(toAck, 99), max: toAck[toAck.length - 1] ?? NaN },
    ackToHandled: { p50: percentile(ackToHandled, 50), p99: percentile(ackToHandled, 99), max: ackToHandled[ackToHandled.length - 1] ?? NaN },
  };
  return { samples, sent: total, wallMs, split };
}

async function main(): Promise<void> {
  const brokers = brokersFromEnv();
  const kafka = new Kafka({ clientId: `bench-${runId}`, brokers, logLevel: logLevel.ERROR });
  const admin: Admin = kafka.admin();
  await admin.connect();
  const dbName = `bench_relay_${runId}`;
  const topics = { bare: `bench.bare.${runId}`, relay: `bench.relay.${runId}`, latency: `bench.latency.${runId}` };
  await admin.createTopics({ topics: Object.values(topics).map((topic) => ({ topic, numPartitions: PARTITIONS })), waitForLeaders: true });
  await adminSql(`CREATE DATABASE "${dbName}"`);
  const ds = new DataSource({
    type: 'postgres',
    host: pg.host,
    port: pg.port,
    username: pg.user,
    ...(pg.password ? { password: pg.password } : {}),
    database: dbName,
    entities: MESSAGING_ENTITIES,
    migrations: MESSAGING_MIGRATIONS,
    extra: { max: 10 },
  });
  try {
    await ds.initialize();
    await ds.runMigrations();

    console.error(`throughput: ${N} events, batch ${BATCH}, ${PARTITIONS} partitions, ${REPS} alternating repetitions`);
    const loadBefore = loadavg()[0] ?? NaN;
    // Warm-up of both paths (JIT, connections, metadata), not reported.
    const warm = Array.from({ length: Math.min(N, 2000) }, intake);
    await throughputBare(kafka, topics.bare, warm);
    await throughputRelay(ds, kafka, { ...IntakeCompleted, topic: topics.relay }, warm);
    await ds.query('TRUNCATE outbox');
    const bareRuns: number[] = [];
    const relayRuns: number[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      const payloads = Array.from({ length: N }, intake);
      bareRuns.push(N / ((await throughputBare(kafka, topics.bare, payloads)) / 1000));
      await ds.query('TRUNCATE outbox');
      relayRuns.push(N / ((await throughputRelay(ds, kafka, { ...IntakeCompleted, topic: topics.relay }, payloads)) / 1000));
      console.error(`  rep ${rep + 1}: bare ${Math.round(bareRuns[rep] ?? 0)}/s, relay ${Math.round(relayRuns[rep] ?? 0)}/s`);
    }
    const bare = median(bareRuns);
    const relay = median(relayRuns);

    console.error(`latency: ${RATE}/s for ${SECONDS} s, one transaction per event`);
    await ds.query('TRUNCATE outbox');
    const loadBeforeLatency = loadavg()[0] ?? NaN;
    const lat = SKIP_LATENCY ? { samples: [NaN], sent: 1, wallMs: 1, split: {} } : await latency(ds, kafka, { ...IntakeCompleted, topic: topics.latency });
    const sorted = [...lat.samples].sort((a, b) => a - b);
    const latencyMs = {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? NaN,
      mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    };
    const achievedRate = lat.sent / (lat.wallMs / 1000);

    const result = {
      at: new Date().toISOString(),
      environment: {
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        brokers,
        postgres: `${pg.host}:${pg.port}`,
        loadAverage1m: { beforeThroughput: loadBefore, beforeLatency: loadBeforeLatency, atEnd: loadavg()[0] },
      },
      settings: { n: N, batchSize: BATCH, partitions: PARTITIONS, repetitions: REPS, rate: RATE, seconds: SECONDS },
      throughput: {
        bareProducer: { eventsPerSecond: Math.round(bare), runs: bareRuns.map(Math.round) },
        outboxRelay: { eventsPerSecond: Math.round(relay), runs: relayRuns.map(Math.round) },
        ratio: Number((relay / bare).toFixed(3)),
        target: 0.5,
        met: relay / bare >= 0.5,
      },
      latency: { events: lat.samples.length, achievedRate: Math.round(achievedRate), ms: latencyMs, split: lat.split, targetP99: 100, met: latencyMs.p99 < 100 },
    };
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'latest.json'), JSON.stringify(result, null, 2) + '\n');

    const f = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
    console.log(`| measure | value | target |
|---|---|---|
| bare kafkajs producer (acks all, batch ${BATCH}; median of ${REPS}) | ${f(bare)} events/s | |
| OutboxRelay (drain ${N} rows, batch ${BATCH}; median of ${REPS}) | ${f(relay)} events/s | |
| relay / bare | ${result.throughput.ratio} | ≥ 0.5 ${result.throughput.met ? '✅' : '❌'} |
| commit→handled p50 (${result.latency.events} events at ${Math.round(achievedRate)}/s) | ${f(latencyMs.p50)} ms | |
| commit→handled p95 | ${f(latencyMs.p95)} ms | |
| commit→handled p99 | ${f(latencyMs.p99)} ms | < 100 ms ${result.latency.met ? '✅' : '❌'} |
| commit→handled max | ${f(latencyMs.max)} ms | |`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await adminSql(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e: unknown) => console.error(e));
    await admin.deleteTopics({ topics: [...Object.values(topics), `bench.latency.${runId}.dlq`].filter(Boolean) }).catch(() => undefined);
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
