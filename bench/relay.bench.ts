/**
 * Outbox relay benchmark (see bench/README.md). One run, same broker and database:
 *  1. throughput: N events through a bare kafkajs producer vs the same N drained from the outbox by OutboxRelay;
 *  2. latency under concurrent writers: BENCH_WRITERS writers commit one event per transaction through
 *     OutboxWriter, BENCH_RATE events/s in all, while a started OutboxRelay publishes; timed from the
 *     writer's COMMIT to the COMMIT of the ReliableKafkaTransport handler's inbox transaction (in a forked
 *     consumer process, bench/latency-consumer.ts), and split
 *     into relay (commit→Kafka ack), fetch (ack→handler called) and inbox transaction (handler→commit).
 * Settings come from the environment: BENCH_N, BENCH_BATCH, BENCH_RATE, BENCH_SECONDS, BENCH_WRITERS,
 * BENCH_FETCH_MAX_WAIT_MS, BENCH_FETCH_MIN_BYTES, KAFKA_BROKERS, PG*. Run it through bench/run.sh.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { EventDefinition, IntakeCompletedV1 } from '@massage/contracts';
import { brokersFromEnv, createKafka, OutboxRelay, OutboxWriter } from '@massage/messaging';
import { logLevel, Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
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
import type { LatencyConsumerReport, LatencyConsumerSettings } from './latency-consumer';

const N = envNumber('BENCH_N', 20_000);
const BATCH = envNumber('BENCH_BATCH', 100);
const RATE = envNumber('BENCH_RATE', 200);
const SECONDS = envNumber('BENCH_SECONDS', 15);
const WRITERS = envNumber('BENCH_WRITERS', 4);
const REPS = envNumber('BENCH_REPS', 5);
/**
 * The latency consumer's fetch settings (kafkajs `maxWaitTimeInMs`, `minBytes`). kafkajs answers a
 * record that arrives while its fetch waits at the broker only after about maxWaitTimeInMs, whatever
 * minBytes says (tulios/kafkajs#370, #1397): the fetch share of the latency follows it (kafkajs's
 * default is 5000 ms).
 */
const FETCH_MAX_WAIT_MS = envNumber('BENCH_FETCH_MAX_WAIT_MS', 25);
const FETCH_MIN_BYTES = envNumber('BENCH_FETCH_MIN_BYTES', 1);
const SKIP_LATENCY = process.env['BENCH_SKIP_LATENCY'] === '1';
const SKIP_THROUGHPUT = process.env['BENCH_SKIP_THROUGHPUT'] === '1';
const FILL_TX_SIZE = 500;

async function unpublishedCount(ds: DataSource): Promise<number> {
  const [row] = (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) as { n: number }[];
  return row?.n ?? -1;
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

/** The consuming service in its own process (bench/latency-consumer.ts), and what it reports. */
async function startConsumer(settings: LatencyConsumerSettings): Promise<{ handled: Map<string, [number, number]>; child: ChildProcess }> {
  const handled = new Map<string, [number, number]>();
  // The child inherits this process's ts-node and tsconfig-paths hooks (execArgv) and TS_NODE_PROJECT.
  const child = fork(join(__dirname, 'latency-consumer.ts'), [], { env: { ...process.env, LATENCY_CONSUMER: JSON.stringify(settings) } });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: LatencyConsumerReport) => {
      if ('ready' in m) resolve();
      else for (const [id, calledAt, committedAt] of m.handled) handled.set(id, [calledAt, committedAt]);
    });
    child.once('exit', (code) => reject(new Error(`the latency consumer exited with ${code}`)));
  });
  return { handled, child };
}

async function stopConsumer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Two services, as in production: this process writes and relays (its own pool), a forked one consumes
 * (its own pool and event loop), so neither waits for the other's connections or CPU turns.
 */
async function latency(dbName: string, kafka: Kafka, def: EventDefinition<IntakeCompletedV1>): Promise<LatencyResult> {
  const writerDs = benchDataSource(dbName, WRITERS + 4);
  await writerDs.initialize();
  const writerCommits = new CommitClock();
  writerCommits.attach(writerDs);
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
  let child: ChildProcess | undefined;
  try {
    const consumer = await startConsumer({ database: dbName, topic: def.topic, groupId: `bench.latency.${runId}`, fetchMaxWaitMs: FETCH_MAX_WAIT_MS, fetchMinBytes: FETCH_MIN_BYTES });
    child = consumer.child;
    const handled = (id: string) => {
      if (child?.exitCode !== null) throw new Error('the latency consumer died');
      return consumer.handled.has(id);
    };
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
    await waitFor('the warm-up event to be handled', () => handled(warm), 60_000);

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
    await waitFor('every event to be handled', () => ids.every(handled), 120_000);

    const at = (m: Map<string, number>, id: string) => m.get(id) as number;
    const committed = (id: string) => at(writerCommits.committedAt, id);
    // [handler called, its inbox transaction committed]
    const handler = (id: string) => consumer.handled.get(id) as [number, number];
    return {
      events: ids.length,
      achievedRate: Math.round(ids.length / (wallMs / 1000)),
      total: distribution(ids.map((id) => handler(id)[1] - committed(id))),
      split: {
        relay: distribution(ids.map((id) => at(ackedAt, id) - committed(id))),
        fetch: distribution(ids.map((id) => handler(id)[0] - at(ackedAt, id))),
        inbox: distribution(ids.map((id) => handler(id)[1] - handler(id)[0])),
      },
    };
  } finally {
    await relay.stop();
    if (child) await stopConsumer(child);
    await writerDs.destroy();
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
  const kafka = createKafka({ clientId: `bench-${runId}`, brokers, logLevel: logLevel.ERROR });
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
