/**
 * Consumer throughput benchmark (see bench/README.md). One topic of BENCH_CONSUMER_N IntakeCompleted
 * records (6 partitions), read from the beginning by fresh consumer groups, alternating:
 *  - bare: a kafkajs consumer whose `eachBatch` only counts (the ceiling of the client on this broker);
 *  - reliable: ReliableKafkaTransport in a Nest microservice with an empty `@EventPattern` handler, so
 *    every record is parsed, schema-checked and applied in its own inbox transaction in PostgreSQL.
 * Both are timed from the moment their group has joined (kafkajs GROUP_JOIN) until the last record is
 * counted (bare) or its inbox transaction has committed (reliable). Same topic, partitions, records,
 * fetch settings and partitionsConsumedConcurrently. Settings: BENCH_CONSUMER_N, BENCH_CONSUMER_REPS,
 * BENCH_FETCH_MAX_WAIT_MS, KAFKA_BROKERS, PG*. Run it through bench/run.sh.
 */
import 'reflect-metadata';
import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { IntakeCompleted, type EventDefinition, type IntakeCompletedV1 } from '@massage/contracts';
import { brokersFromEnv, createKafka, type ReliableEventContext } from '@massage/messaging';
import { logLevel, Partitioners, type ConsumerConfig, type Consumer, type Kafka } from 'kafkajs';
import {
  benchDataSource,
  benchTransport,
  CommitClock,
  createBenchDatabase,
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
  runId,
  runMain,
  waitFor,
  writeResult,
} from './bench-support';

const N = envNumber('BENCH_CONSUMER_N', 20_000);
const REPS = envNumber('BENCH_CONSUMER_REPS', 3);
const FETCH_MAX_WAIT_MS = envNumber('BENCH_FETCH_MAX_WAIT_MS', 100);
const TIMEOUT_MS = 300_000;

const COMMITS = Symbol('COMMITS');

@Controller()
class EmptyHandler {
  constructor(@Inject(COMMITS) private readonly commits: CommitClock) {}

  /** Does nothing but note its transaction, so the bench sees when the last record committed. */
  @EventPattern(IntakeCompleted.type)
  onIntakeCompleted(@Ctx() ctx: ReliableEventContext): void {
    this.commits.mark(ctx.manager, ctx.envelope.id);
  }
}

@Module({})
class EmptyHandlerModule {
  static with(commits: CommitClock): DynamicModule {
    return { module: EmptyHandlerModule, controllers: [EmptyHandler], providers: [{ provide: COMMITS, useValue: commits }] };
  }
}

/** A kafkajs client whose consumers of GROUP report when they have joined (performance.now()). */
function kafkaReportingJoin(group: string): { kafka: Kafka; joined: Promise<number> } {
  const kafka = createKafka({ clientId: `bench-${group}`, brokers: brokersFromEnv(), logLevel: logLevel.ERROR });
  const make = kafka.consumer.bind(kafka);
  let joinedAt: (at: number) => void = () => undefined;
  const joined = new Promise<number>((resolve) => (joinedAt = resolve));
  kafka.consumer = (config: ConsumerConfig): Consumer => {
    const consumer = make(config);
    if (config.groupId === group) consumer.on(consumer.events.GROUP_JOIN, () => joinedAt(performance.now()));
    return consumer;
  };
  return { kafka, joined };
}

async function bare(topic: string, group: string): Promise<number> {
  const { kafka, joined } = kafkaReportingJoin(group);
  const consumer = kafka.consumer({ groupId: group, allowAutoTopicCreation: false, maxWaitTimeInMs: FETCH_MAX_WAIT_MS });
  let count = 0;
  let doneAt = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: PARTITIONS,
      eachBatch: async ({ batch }) => {
        count += batch.messages.length;
        if (count >= N && doneAt === 0) doneAt = performance.now();
      },
    });
    await waitFor('the bare consumer to read every record', () => doneAt > 0, TIMEOUT_MS);
    return N / ((doneAt - (await joined)) / 1000);
  } finally {
    await consumer.disconnect();
  }
}

async function reliable(dbName: string, def: EventDefinition<IntakeCompletedV1>, group: string): Promise<number> {
  const { kafka, joined } = kafkaReportingJoin(group);
  const ds = benchDataSource(dbName, PARTITIONS + 2);
  await ds.initialize();
  const commits = new CommitClock();
  commits.attach(ds);
  const transport = benchTransport({ dataSource: ds, def, groupId: group, consumerConfig: { maxWaitTimeInMs: FETCH_MAX_WAIT_MS }, kafka });
  const app = await NestFactory.createMicroservice(EmptyHandlerModule.with(commits), { strategy: transport, logger: ['error', 'warn'], abortOnError: false });
  try {
    await app.listen();
    await waitFor('the reliable consumer to apply every record', () => commits.committedAt.size >= N, TIMEOUT_MS);
    const last = Math.max(...commits.committedAt.values());
    // committedAt holds Date.now(); turn the join's performance.now() into the same clock.
    const joinedAt = Date.now() - (performance.now() - (await joined));
    return N / ((last - joinedAt) / 1000);
  } finally {
    await app.close();
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const brokers = brokersFromEnv();
  const kafka = createKafka({ clientId: `bench-${runId}`, brokers, logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  const dbName = `bench_consumer_${runId}`;
  const topic = `bench.consumer.${runId}`;
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
    await createBenchDatabase(dbName);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const records = Array.from({ length: N }, () => intakeRecord(intake()));
    for (let i = 0; i < N; i += 500) await producer.sendBatch({ topicMessages: [{ topic, messages: records.slice(i, i + 500) }], acks: -1 });
    await producer.disconnect();

    console.error(`consumer throughput: ${N} records, ${PARTITIONS} partitions, ${REPS} alternating repetitions`);
    const loadBefore = load1m();
    const bareRuns: number[] = [];
    const reliableRuns: number[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      bareRuns.push(await bare(topic, `bench.consumer-bare.${runId}.${rep}`));
      reliableRuns.push(await reliable(dbName, intakeOn(topic), `bench.consumer-reliable.${runId}.${rep}`));
      console.error(`  rep ${rep + 1}: bare ${Math.round(bareRuns[rep] ?? 0)}/s, reliable ${Math.round(reliableRuns[rep] ?? 0)}/s`);
    }
    const bareRate = median(bareRuns);
    const reliableRate = median(reliableRuns);
    const ratio = Number((reliableRate / bareRate).toFixed(3));
    writeResult('consumer', {
      at: new Date().toISOString(),
      environment: { ...environment(brokers), loadAverage1m: { before: loadBefore, atEnd: load1m() } },
      settings: { n: N, partitions: PARTITIONS, repetitions: REPS, fetchMaxWaitMs: FETCH_MAX_WAIT_MS, partitionsConsumedConcurrently: PARTITIONS },
      bareConsumer: { eventsPerSecond: Math.round(bareRate), runs: bareRuns.map(Math.round) },
      reliableConsumer: { eventsPerSecond: Math.round(reliableRate), runs: reliableRuns.map(Math.round) },
      ratio,
      target: 0.3,
    });
    console.log(`| measure | value | target |
|---|---|---|
| bare kafkajs consumer (eachBatch, counts only; median of ${REPS}) | ${fmt(bareRate)} events/s | |
| ReliableKafkaTransport (inbox + empty handler; median of ${REPS}) | ${fmt(reliableRate)} events/s | |
| reliable / bare | ${ratio} | ≥ 0.3 |`);
  } finally {
    await dropRunLeftovers(admin).catch((e: unknown) => console.error('cleanup failed (bench/run.sh retries it):', e));
    await admin.disconnect();
  }
}

runMain(main);
