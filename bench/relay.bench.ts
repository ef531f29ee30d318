/**
 * Outbox relay benchmark (see bench/README.md). One run, same broker and database:
 *  1. throughput: N events through a bare kafkajs producer vs the same N drained from the outbox by OutboxRelay;
 *  2. latency under concurrent writers: BENCH_WRITERS writers commit one event per transaction through
 *     OutboxWriter, BENCH_RATE events/s in all, while a started OutboxRelay publishes; timed from the
 *     writer's COMMIT to the COMMIT of the ReliableKafkaTransport handler's inbox transaction, and split
 *     into relay (commit→Kafka ack), fetch (ack→handler called) and inbox transaction (handler→commit).
 * Settings come from the environment: BENCH_N, BENCH_BATCH, BENCH_RATE, BENCH_SECONDS, BENCH_WRITERS,
 * BENCH_FETCH_MAX_WAIT_MS, BENCH_FETCH_MIN_BYTES, KAFKA_BROKERS, PG*. Run it through bench/run.sh.
 */
import 'reflect-metadata';
import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { IntakeCompleted, type EventDefinition, type IntakeCompletedV1 } from '@massage/contracts';
import { brokersFromEnv, OutboxRelay, OutboxWriter, ReliableKafkaTransport, type ReliableEventContext } from '@massage/messaging';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  benchDataSource,
  CommitClock,
  createBenchDatabase,
  distribution,
  dropRunLeftovers,
  environment,
  envNumber,
  fmt,
  intake,
  intakeOn,
  intakeRecord,
  load1m,
  median,
  PARTITIONS,
  quiet,
  runId,
  runMain,
  waitFor,
  writeResult,
  type Distribution,
} from './bench-support';

const N = envNumber('BENCH_N', 20_000);
const BATCH = envNumber('BENCH_BATCH', 100);
const RATE = envNumber('BENCH_RATE', 200);
const SECONDS = envNumber('BENCH_SECONDS', 15);
const WRITERS = envNumber('BENCH_WRITERS', 4);
const REPS = envNumber('BENCH_REPS', 5);
/** The latency consumer's fetch settings (kafkajs `maxWaitTimeInMs`, `minBytes`). */
const FETCH_MAX_WAIT_MS = envNumber('BENCH_FETCH_MAX_WAIT_MS', 100);
const FETCH_MIN_BYTES = envNumber('BENCH_FETCH_MIN_BYTES', 1);
const SKIP_LATENCY = process.env['BENCH_SKIP_LATENCY'] === '1';
const SKIP_THROUGHPUT = process.env['BENCH_SKIP_THROUGHPUT'] === '1';
const FILL_TX_SIZE = 500;

async function unpublishedCount(ds: DataSource): Promise<number> {
  const [row] = (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) as { n: number }[];
  return row?.n ?? -1;
}

// ---------- the latency consumer: an ordinary Nest handler ----------

interface LatencyProbe {
  /** When the handler was called, per event id. */
  calledAt: Map<string, number>;
  /** When the handler's inbox transaction committed, per event id. */
  handlerCommits: CommitClock;
}
const PROBE = Symbol('PROBE');

@Controller()
class LatencyHandler {
  constructor(@Inject(PROBE) private readonly probe: LatencyProbe) {}

  @EventPattern(IntakeCompleted.type)
  onIntakeCompleted(@Payload() _data: IntakeCompletedV1, @Ctx() ctx: ReliableEventContext): void {
    this.probe.calledAt.set(ctx.envelope.id, Date.now());
    this.probe.handlerCommits.mark(ctx.manager, ctx.envelope.id);
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
    const messages = payloads.map(intakeRecord);
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
  // leaderSessionTimeoutMs 0: only a started relay heartbeats its control session, and drainOnce()
  // alone would lose the leader lock to idle_session_timeout while the outbox is filled.
  const relay = new OutboxRelay({ dataSource: ds, kafka, batchSize: BATCH, logger: quiet, leaderSessionTimeoutMs: 0 });
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

interface LatencyResult {
  events: number;
  achievedRate: number;
  /** Writer COMMIT → handler's inbox COMMIT. */
  total: Distribution;
  /** Where it goes: relay (commit → Kafka ack), fetch (ack → handler called), inbox (handler called → its COMMIT). */
  split: { relay: Distribution; fetch: Distribution; inbox: Distribution };
}

/**
 * Writers and consumer use separate pools, as two services would (the writers' service runs the relay),
 * so the consumer never waits for a connection the writers hold.
 */
async function latency(dbName: string, kafka: Kafka, def: EventDefinition<IntakeCompletedV1>): Promise<LatencyResult> {
  const writerDs = benchDataSource(dbName, WRITERS + 4);
  const consumerDs = benchDataSource(dbName, PARTITIONS + 2);
  await writerDs.initialize();
  await consumerDs.initialize();
  const writerCommits = new CommitClock();
  writerCommits.attach(writerDs);
  const probe: LatencyProbe = { calledAt: new Map(), handlerCommits: new CommitClock() };
  probe.handlerCommits.attach(consumerDs);
  const transport = new ReliableKafkaTransport({
    brokers: brokersFromEnv(),
    groupId: `bench.latency.${runId}`,
    topics: [def.topic],
    dataSource: consumerDs,
    definitions: [def],
    fromBeginning: true,
    createDlqTopic: { partitions: 1 }, // a throwaway group: its DLQ is not in the catalogue
    partitionsConsumedConcurrently: PARTITIONS,
    consumerConfig: { maxWaitTimeInMs: FETCH_MAX_WAIT_MS, minBytes: FETCH_MIN_BYTES },
  });
  const app = await NestFactory.createMicroservice(LatencyModule.with(probe), { strategy: transport, logger: ['error', 'warn'], abortOnError: false });
  const ackedAt = new Map<string, number>();
  const relay = new OutboxRelay({
    dataSource: writerDs,
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
  try {
    await app.listen();
    await relay.start();
    const writer = new OutboxWriter('bench');
    const commitOne = () =>
      writerDs.transaction(async (m) => {
        const envelope = await writer.enqueue(m, def, intake());
        writerCommits.mark(m, envelope.id);
        return envelope.id;
      });

    // Warm-up: one event end to end, so the group has joined and partitions are assigned before timing.
    const warm = await commitOne();
    await waitFor('the warm-up event to be handled', () => probe.handlerCommits.committedAt.has(warm), 60_000);

    // WRITERS writers at RATE / WRITERS events/s each, with random phases, like independent front-desk
    // requests: each event is its own transaction, started on schedule whether or not the writer's
    // previous one has committed (a slow commit must not lower the offered rate).
    const ids: string[] = [];
    const perWriter = Math.round((RATE * SECONDS) / WRITERS);
    const intervalMs = (1000 * WRITERS) / RATE;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        const phase = Math.random() * intervalMs;
        const inFlight: Promise<void>[] = [];
        for (let i = 0; i < perWriter; i++) {
          const wait = t0 + phase + i * intervalMs - performance.now();
          if (wait > 1) await new Promise((r) => setTimeout(r, wait));
          inFlight.push(commitOne().then((id) => void ids.push(id)));
        }
        await Promise.all(inFlight);
      }),
    );
    const wallMs = performance.now() - t0;
    await waitFor('every event to be handled', () => ids.every((id) => probe.handlerCommits.committedAt.has(id)), 60_000);

    const at = (m: Map<string, number>, id: string) => m.get(id) as number;
    const committed = (id: string) => at(writerCommits.committedAt, id);
    return {
      events: ids.length,
      achievedRate: Math.round(ids.length / (wallMs / 1000)),
      total: distribution(ids.map((id) => at(probe.handlerCommits.committedAt, id) - committed(id))),
      split: {
        relay: distribution(ids.map((id) => at(ackedAt, id) - committed(id))),
        fetch: distribution(ids.map((id) => at(probe.calledAt, id) - at(ackedAt, id))),
        inbox: distribution(ids.map((id) => at(probe.handlerCommits.committedAt, id) - at(probe.calledAt, id))),
      },
    };
  } finally {
    await relay.stop();
    await app.close();
    await writerDs.destroy();
    await consumerDs.destroy();
  }
}

async function throughput(dbName: string, kafka: Kafka, topics: { bare: string; relay: string }) {
  const ds = benchDataSource(dbName, 10);
  await ds.initialize();
  try {
    console.error(`throughput: ${N} events, batch ${BATCH}, ${PARTITIONS} partitions, ${REPS} alternating repetitions`);
    // Warm-up of both paths (JIT, connections, metadata), not reported.
    const warm = Array.from({ length: Math.min(N, 2000) }, intake);
    await throughputBare(kafka, topics.bare, warm);
    await throughputRelay(ds, kafka, intakeOn(topics.relay), warm);
    await ds.query('TRUNCATE outbox');
    const bareRuns: number[] = [];
    const relayRuns: number[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      const payloads = Array.from({ length: N }, intake);
      bareRuns.push(N / ((await throughputBare(kafka, topics.bare, payloads)) / 1000));
      await ds.query('TRUNCATE outbox');
      relayRuns.push(N / ((await throughputRelay(ds, kafka, intakeOn(topics.relay), payloads)) / 1000));
      console.error(`  rep ${rep + 1}: bare ${Math.round(bareRuns[rep] ?? 0)}/s, relay ${Math.round(relayRuns[rep] ?? 0)}/s`);
    }
    await ds.query('TRUNCATE outbox');
    const bare = median(bareRuns);
    const relay = median(relayRuns);
    return {
      bareProducer: { eventsPerSecond: Math.round(bare), runs: bareRuns.map(Math.round) },
      outboxRelay: { eventsPerSecond: Math.round(relay), runs: relayRuns.map(Math.round) },
      ratio: Number((relay / bare).toFixed(3)),
      target: 0.5,
    };
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const brokers = brokersFromEnv();
  const kafka = new Kafka({ clientId: `bench-${runId}`, brokers, logLevel: logLevel.ERROR });
  const admin: Admin = kafka.admin();
  await admin.connect();
  const dbName = `bench_relay_${runId}`;
  const topics = { bare: `bench.bare.${runId}`, relay: `bench.relay.${runId}`, latency: `bench.latency.${runId}` };
  try {
    await admin.createTopics({ topics: Object.values(topics).map((topic) => ({ topic, numPartitions: PARTITIONS })), waitForLeaders: true });
    await createBenchDatabase(dbName);
    const loadBeforeThroughput = load1m();
    const tp = SKIP_THROUGHPUT ? undefined : await throughput(dbName, kafka, topics);
    const loadBeforeLatency = load1m();
    console.error(`latency: ${RATE}/s from ${WRITERS} writers for ${SECONDS} s, one transaction per event; consumer fetch maxWait ${FETCH_MAX_WAIT_MS} ms, minBytes ${FETCH_MIN_BYTES}`);
    const lat = SKIP_LATENCY ? undefined : await latency(dbName, kafka, intakeOn(topics.latency));

    writeResult('relay', {
      at: new Date().toISOString(),
      environment: { ...environment(brokers), loadAverage1m: { beforeThroughput: loadBeforeThroughput, beforeLatency: loadBeforeLatency, atEnd: load1m() } },
      settings: { n: N, batchSize: BATCH, partitions: PARTITIONS, repetitions: REPS, rate: RATE, seconds: SECONDS, writers: WRITERS, fetchMaxWaitMs: FETCH_MAX_WAIT_MS, fetchMinBytes: FETCH_MIN_BYTES },
      throughput: tp,
      latency: lat && { ...lat, targetP99: 100 },
    });

    const rows: string[] = [];
    if (tp) {
      rows.push(
        `| bare kafkajs producer (acks all, batch ${BATCH}; median of ${REPS}) | ${fmt(tp.bareProducer.eventsPerSecond)} events/s | |`,
        `| OutboxRelay (drain ${N} rows, batch ${BATCH}; median of ${REPS}) | ${fmt(tp.outboxRelay.eventsPerSecond)} events/s | |`,
        `| relay / bare | ${tp.ratio} | ≥ 0.5 |`,
      );
    }
    if (lat) {
      const d = (x: Distribution) => `${fmt(x.p50)} / ${fmt(x.p95)} / ${fmt(x.p99)} / ${fmt(x.max)} ms`;
      rows.push(
        `| commit → handler committed, ${lat.events} events at ${lat.achievedRate}/s from ${WRITERS} writers: p50 / p95 / p99 / max | ${d(lat.total)} | p99 < 100 ms |`,
        `| of which relay (commit → Kafka ack) | ${d(lat.split.relay)} | |`,
        `| of which fetch (ack → handler called) | ${d(lat.split.fetch)} | |`,
        `| of which inbox transaction (handler → commit) | ${d(lat.split.inbox)} | |`,
      );
    }
    console.log(['| measure | value | target |', '|---|---|---|', ...rows].join('\n'));
  } finally {
    await dropRunLeftovers(admin).catch((e: unknown) => console.error('cleanup failed (bench/run.sh retries it):', e));
    await admin.disconnect();
  }
}

runMain(main);
