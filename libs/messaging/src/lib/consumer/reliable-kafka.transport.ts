import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { checkPayload, EVENT_CATALOGUE, InvalidEventPayloadError, type EventDefinition } from '@massage/contracts';
import { Partitioners, type Consumer, type ConsumerConfig, type EachBatchPayload, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { parseKafkaMessage, PoisonMessageError, type EventEnvelope } from '../envelope/cloud-events.envelope';
import { createKafka } from '../kafka/kafka.factory';
import { systemClock, type Clock } from './clock';
import { claimInboxRows, forgetAttempts, recordFailedAttempt, releaseInboxRows, startHandlerTransaction } from './consumer-attempt.store';
import { registerConsumer, type ConsumerHealth } from './consumer-registry';
import { ERROR_SINK, installHandlerErrorCapture, type ErrorSinkCarrier } from './handler-error-capture';
import { terminateBackend, withDeadline } from './handler-deadline';
import { PartitionHolds, type TopicPartition } from './partition-holds';
import { RecordSavepoints } from './record-savepoints';
import type { ReliableEventContext } from './reliable-event.context';
import { afterFailure, beforeAttempt, type BeforeAttempt, type RetryPolicy } from './retry-policy';

export { HandlerDeadlineError } from './handler-deadline';
export type { Clock } from './clock';
export type { ConsumerHealth } from './consumer-registry';

/** Why a record went to the DLQ (`dlq_reason`). */
export type DeadLetterReason = 'handler-failed' | 'unparseable' | 'schema-invalid';

export const DLQ_HEADERS = {
  reason: 'dlq_reason',
  error: 'dlq_error',
  attempts: 'dlq_attempts',
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  consumerGroup: 'dlq_consumer_group',
  failedAt: 'dlq_failed_at',
} as const;

const DLQ_ERROR_MAX = 1000;
/**
 * How soon a partition is tried again after its database failed it (not an attempt: nothing ran or
 * committed), at most `maxBackoffMs`. A retry costs one transaction start, so a short wait is cheap; the
 * full backoff (notification: 30 s) made a restarted PostgreSQL wait up to that long (docs/reliability.md).
 */
const DATABASE_RETRY_MS = 1000;
/** How often the consumer heartbeats while a batch is in hand (kafkajs only sends one per heartbeatInterval). */
const HEARTBEAT_TICK_MS = 1000;
/** The handler's session limits (statement, lock, idle in transaction) sit this far above its deadline. */
const SESSION_LIMIT_GRACE_MS = 1000;
/** kafkajs defaults, for the deadline check when consumerConfig does not set them. */
const KAFKAJS_SESSION_TIMEOUT_MS = 30_000;
const KAFKAJS_REBALANCE_TIMEOUT_MS = 60_000;
/**
 * Default of `maxRecordsPerTransaction`. 500 rather than 100: the COMMIT (its WAL flush) was most of a
 * group's time on a loaded machine, 2.3x the throughput in the same run (bench/README.md, ADR 0005).
 */
const MAX_RECORDS_PER_TRANSACTION = 500;
/**
 * How long a fetch waits at the broker for records, unless consumerConfig says otherwise. kafkajs's 5000 ms
 * default delays a record that arrives during a fetch by about that long (bench/README.md: fetch wait).
 */
const DEFAULT_FETCH_MAX_WAIT_MS = 50;

export interface ReliableKafkaTransportOptions {
  brokers: string[];
  groupId: string;
  clientId?: string;
  topics: string[];
  dataSource: DataSource;
  /** Attempts of a failing handler before the record goes to the DLQ. Default 5. */
  maxAttempts?: number;
  /** Wait after the first failed attempt; doubles each time. Default 200 ms. */
  initialBackoffMs?: number;
  /** Cap of the wait between attempts (and of the 1 s wait after a database failure). Default 5000 ms. */
  maxBackoffMs?: number;
  /**
   * Deadline of one handler attempt (its transaction included). Past it the attempt has failed and its
   * database session is ended. At most half of the session and rebalance timeouts. Default 10 000 ms.
   */
  handlerTimeoutMs?: number;
  /**
   * Records of one fetched batch applied in one transaction (one COMMIT), each handler in its own savepoint.
   * Default 500. A handler with an effect outside the database (an e-mail) repeats it when its group's
   * transaction is lost after it ran (a later handler past its deadline, a crash before the COMMIT): 1
   * narrows that to the record itself, at the cost of a transaction per record. See ADR 0005, Batching.
   */
  maxRecordsPerTransaction?: number;
  /** Default `${groupId}.dlq`. */
  dlqTopic?: string;
  /** Where a group with no committed offset starts. Default true (earliest): a new group misses nothing. */
  fromBeginning?: boolean;
  /** Event definitions the consumer validates against, by `type`. Default EVENT_CATALOGUE. */
  definitions?: readonly AnyEventDefinition[];
  /**
   * What to do when the DLQ topic does not exist. Default false: the consumer does not join its group,
   * logs an error naming `bash infra/kafka/create-topics.sh` and tries again (health: `dlq-missing`).
   * `{ partitions }` (tests, throwaway groups) creates it with that many partitions and the broker's
   * defaults otherwise; `true` means 1 partition.
   */
  createDlqTopic?: boolean | { partitions: number };
  /** Extra kafkajs consumer settings (e.g. sessionTimeout). `maxWaitTimeInMs` defaults to 50 ms here (kafkajs: 5000). */
  consumerConfig?: Partial<Omit<ConsumerConfig, 'groupId'>>;
  /** Partitions handled in parallel (each partition stays sequential). Default 1. */
  partitionsConsumedConcurrently?: number;
  /** Waits between attempts to connect (Kafka down at startup, or a consumer that crashed for good). Default 1 s doubling to 30 s. */
  reconnectBackoff?: { initialMs: number; maxMs: number };
  /** Use this kafkajs client instead of building one from brokers/clientId. */
  kafka?: Kafka;
  /** The time for next-attempt decisions. Default the system clock. */
  clock?: Clock;
}

/** Any catalogue entry, whatever its payload type (EventDefinition<P> is invariant in P). */
export type AnyEventDefinition = Omit<EventDefinition<unknown>, 'key' | 'schema'> & {
  readonly key: (payload: never) => string;
  readonly schema: object;
};

/**
 * `connecting`: not consuming yet (Kafka unreachable, or retrying after a crash); `dlq-missing`: Kafka
 * answers but the DLQ topic does not exist, retrying; `connected`: in the group; `disconnected`: closed.
 */
export type ReliableKafkaStatus = 'connecting' | 'dlq-missing' | 'connected' | 'disconnected' | 'crashed';

/** What became of the record where a group stopped: dead-lettered (move on), or its partition held until then. */
type Outcome = 'dead-lettered' | { holdUntil: number };

/** Counters since start (for metrics and tests). */
export interface ReliableKafkaStats {
  /** Records whose handlers ran and committed. */
  applied: number;
  /** Records found in the inbox (already applied by this group): not handled again. */
  duplicates: number;
  /** Records of a type this consumer has no handler for. */
  skipped: number;
  deadLettered: number;
  /** Failed handler attempts that were scheduled for a retry. */
  retries: number;
  /** Handler attempts that ran past the deadline (counted in retries or deadLettered too). */
  timeouts: number;
}

type ChainedHandler = MessageHandler & { next?: ChainedHandler };

type HandledRecord = { kind: 'handle'; message: KafkaMessage; envelope: EventEnvelope<unknown>; handler: ChainedHandler };
/** A record a group can take: one to hand to its handler, or one this consumer has no handler for. */
type GroupRecord = HandledRecord | { kind: 'skip'; message: KafkaMessage };
type BatchRecord = GroupRecord | { kind: 'poison'; message: KafkaMessage; reason: DeadLetterReason; error: string };
type GroupOutcome = 'applied' | 'duplicate' | 'skipped';
type FailedAttempt = { kind: 'failed'; attempt: number; error: unknown; timedOut: boolean };
/** Why a group stopped at a record: its attempt is not due, it is out of attempts, its handler failed, or the database did. */
type StopResult = Exclude<BeforeAttempt, { kind: 'run' }> | FailedAttempt | { kind: 'database-unavailable'; error: unknown };

interface GroupRun {
  /** The group's first `committed` records are applied (or duplicates, or skipped) and committed. */
  committed: number;
  outcomes: GroupOutcome[];
  /** Where it stopped before its end: closing or rebalancing, or at the record `index`. */
  stop?: 'interrupted' | { index: number; result: StopResult };
}

/** The consumer's dead-letter topic does not exist (and `createDlqTopic` was not given): it does not join its group. */
export class MissingDeadLetterTopicError extends Error {
  constructor(
    readonly topic: string,
    readonly groupId: string,
  ) {
    super(
      `dead-letter topic ${topic} of consumer group ${groupId} does not exist: create the catalogue's topics ` +
        `with \`bash infra/kafka/create-topics.sh\` (CONSUMER_GROUPS in @massage/contracts declares its partitions), ` +
        `or pass createDlqTopic: { partitions } for a throwaway group`,
    );
    this.name = 'MissingDeadLetterTopicError';
  }
}

/** A consumer setting that would break the consumer's guarantees (named in the message): the transport refuses it. */
export class InvalidConsumerConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'InvalidConsumerConfigError';
  }
}

/**
 * A Nest custom transport that consumes CloudEvents records from Kafka and calls `@EventPattern(type)`
 * handlers exactly once per consumer group: each record is applied in a DB transaction that also
 * inserts its `(consumer_group, event_id)` into `inbox`, within a deadline. A failing record holds its
 * partition (pause, then seek back when its next attempt is due) while other partitions go on; its
 * attempts are persisted in `consumer_attempt`; after `maxAttempts` it is dead-lettered. Unparseable and
 * schema-invalid records are dead-lettered at once. Offsets are committed only past handled or
 * dead-lettered records. See ADR 0005.
 */
export class ReliableKafkaTransport extends Server<Record<string, never>, ReliableKafkaStatus> implements CustomTransportStrategy {
  protected override readonly logger = new Logger(ReliableKafkaTransport.name);

  readonly groupId: string;
  readonly dlqTopic: string;
  private readonly opts: ReliableKafkaTransportOptions;
  private readonly policy: RetryPolicy;
  private readonly handlerTimeoutMs: number;
  private readonly maxRecordsPerTransaction: number;
  private readonly clock: Clock;
  private readonly definitions: Map<string, EventDefinition<unknown>>;
  private readonly shutdown = new AbortController();
  private kafka: Kafka | undefined;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private holds: PartitionHolds | undefined;
  private currentStatus: ReliableKafkaStatus = 'disconnected';
  private lastError: string | undefined;
  private connecting: Promise<void> | undefined;
  private closing = false;
  private closed: Promise<void> | undefined;
  private unregister: (() => void) | undefined;
  private readonly stats: ReliableKafkaStats = { applied: 0, duplicates: 0, skipped: 0, deadLettered: 0, retries: 0, timeouts: 0 };

  constructor(opts: ReliableKafkaTransportOptions) {
    super();
    this.opts = opts;
    this.groupId = opts.groupId;
    this.dlqTopic = opts.dlqTopic ?? `${opts.groupId}.dlq`;
    this.policy = {
      maxAttempts: Math.max(1, opts.maxAttempts ?? 5),
      initialBackoffMs: opts.initialBackoffMs ?? 200,
      maxBackoffMs: opts.maxBackoffMs ?? 5000,
    };
    this.handlerTimeoutMs = checkHandlerTimeout(opts);
    this.maxRecordsPerTransaction = opts.maxRecordsPerTransaction ?? MAX_RECORDS_PER_TRANSACTION;
    if (!Number.isInteger(this.maxRecordsPerTransaction) || this.maxRecordsPerTransaction < 1) {
      throw new InvalidConsumerConfigError('maxRecordsPerTransaction', `must be a positive integer, got ${this.maxRecordsPerTransaction}`);
    }
    this.clock = opts.clock ?? systemClock;
    const defs = (opts.definitions ?? EVENT_CATALOGUE) as readonly EventDefinition<unknown>[];
    this.definitions = new Map(defs.map((d) => [d.type, d]));
    installHandlerErrorCapture();
  }

  /**
   * Starts connecting in the background and returns at once: a service whose broker is down still
   * starts (its HTTP side and its outbox only need PostgreSQL). Progress shows in {@link health}.
   */
  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    // MessagingModule closes the consumers of its DataSource before stopping the relay (see consumer-registry).
    this.unregister ??= registerConsumer(this.opts.dataSource, this);
    this.connecting ??= this.connectLoop();
    callback();
  }

  /** Stops taking batches, finishes the record in hand, commits, leaves the group and disconnects. */
  close(): Promise<void> {
    this.closed ??= this.doClose();
    return this.closed;
  }

  getStats(): ReliableKafkaStats {
    return { ...this.stats };
  }

  /** For readiness probes: connected (in its group) or not, and why not. */
  health(): ConsumerHealth {
    return {
      groupId: this.groupId,
      connected: this.currentStatus === 'connected',
      status: this.currentStatus,
      ...(this.lastError !== undefined && this.currentStatus !== 'connected' ? { error: this.lastError } : {}),
      heldPartitions: this.holds?.list().length ?? 0,
    };
  }

  on(): never {
    throw new Error('ReliableKafkaTransport does not support on(); subscribe to status instead');
  }

  unwrap<T>(): T {
    if (!this.consumer || !this.producer) throw new Error('ReliableKafkaTransport is not listening yet');
    return { consumer: this.consumer, producer: this.producer } as T;
  }

  private setStatus(status: ReliableKafkaStatus): void {
    this.currentStatus = status;
    this._status$.next(status);
  }

  /** Connects until it succeeds or the transport closes, waiting `reconnectBackoff` between tries. */
  private async connectLoop(): Promise<void> {
    const { initialMs, maxMs } = this.opts.reconnectBackoff ?? { initialMs: 1000, maxMs: 5000 };
    let wait = initialMs;
    while (!this.closing) {
      this.setStatus(this.lastError?.startsWith('dead-letter topic') ? 'dlq-missing' : 'connecting');
      try {
        await this.start();
        this.lastError = undefined;
        if (this.closing) return;
        this.setStatus('connected');
        this.logger.log(`consuming ${this.opts.topics.join(', ')} as group ${this.groupId} (DLQ ${this.dlqTopic})`);
        return;
      } catch (e) {
        this.lastError = describeError(e);
        await this.disconnectClients();
        if (this.closing) return;
        if (e instanceof MissingDeadLetterTopicError) {
          this.setStatus('dlq-missing');
          this.logger.error(`NOT CONSUMING: ${e.message}; checking again in ${wait} ms`);
        } else {
          this.setStatus('connecting');
          this.logger.warn(`could not start consuming (${this.lastError}); trying again in ${wait} ms`);
        }
      }
      try {
        await sleep(wait, undefined, { signal: this.shutdown.signal });
      } catch {
        return; // closing
      }
      wait = Math.min(maxMs, wait * 2);
    }
  }

  private async start(): Promise<void> {
    this.kafka ??= this.opts.kafka ?? createKafka({ clientId: this.opts.clientId ?? this.groupId, brokers: this.opts.brokers });
    const kafka = this.kafka;
    for (const pattern of this.messageHandlers.keys()) {
      if (!this.definitions.has(pattern)) {
        this.logger.warn(`handler for ${pattern} has no EventDefinition: its records will be dead-lettered as schema-invalid`);
      }
    }
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.producer = producer;
    await producer.connect();
    await this.checkDlqTopic(kafka);
    if (this.closing) return;

    const consumer = kafka.consumer({
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: DEFAULT_FETCH_MAX_WAIT_MS,
      ...this.opts.consumerConfig,
      groupId: this.groupId,
    });
    this.consumer = consumer;
    const holds = new PartitionHolds(consumer, this.clock, (tp, offset) => this.logger.log(`${tp.topic}[${tp.partition}] resumes at ${offset}`));
    this.holds = holds;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      holds.reset(e.payload.memberAssignment);
      if (this.currentStatus === 'connecting') this.setStatus('connected'); // back after a crash kafkajs restarted
    });
    consumer.on(consumer.events.CRASH, (e) => {
      const { error, restart } = e.payload;
      this.logger.error(`consumer crashed (${restart ? 'kafkajs restarts it' : 'reconnecting'}): ${error.message}`, error.stack);
      this.lastError = describeError(error);
      if (restart) this.setStatus('connecting');
      else this.reconnectAfterCrash(error);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.opts.topics, fromBeginning: this.opts.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** kafkajs gave up on its consumer (a non-retriable error): start over with new clients, in the background. */
  private reconnectAfterCrash(error: Error): void {
    if (this.closing) return;
    this.lastError = describeError(error);
    this.setStatus('crashed');
    const previous = this.connecting ?? Promise.resolve();
    this.connecting = previous.then(async () => {
      await this.disconnectClients();
      await this.connectLoop();
    });
  }

  private async disconnectClients(): Promise<void> {
    this.holds?.clear();
    const consumer = this.consumer;
    const producer = this.producer;
    this.consumer = undefined;
    this.producer = undefined;
    try {
      await consumer?.disconnect(); // waits for the batch in hand, which commits; then leaves the group
    } catch (e) {
      this.logger.error(`consumer disconnect failed: ${describeError(e)}`);
    }
    try {
      await producer?.disconnect();
    } catch (e) {
      this.logger.error(`DLQ producer disconnect failed: ${describeError(e)}`);
    }
  }

  private async doClose(): Promise<void> {
    this.closing = true;
    this.shutdown.abort();
    // A connect in progress stops at its next step; kafkajs's own connect retries are not interruptible, so bound the wait.
    await Promise.race([this.connecting, sleep(5000, undefined, { ref: false })]);
    await this.disconnectClients();
    this.unregister?.();
    this.setStatus('disconnected');
  }

  /** A missing DLQ topic is an error (a dead letter would fail at the worst moment), unless asked to create it. */
  private async checkDlqTopic(kafka: Kafka): Promise<void> {
    const create = this.opts.createDlqTopic ?? false;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      if (topics.includes(this.dlqTopic)) return;
      if (create === false) throw new MissingDeadLetterTopicError(this.dlqTopic, this.groupId);
      const numPartitions = create === true ? 1 : create.partitions;
      await admin.createTopics({ topics: [{ topic: this.dlqTopic, numPartitions }], waitForLeaders: true });
      this.logger.warn(`created missing DLQ topic ${this.dlqTopic} (${numPartitions} partition(s), createDlqTopic)`);
    } finally {
      await admin.disconnect();
    }
  }

  private async eachBatch(p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    const tp: TopicPartition = { topic: batch.topic, partition: batch.partition };
    let rebalancing = false;
    // Heartbeats go on while a handler runs; a failed one (the group rebalances) ends the batch after the record in hand.
    const ticker = setInterval(() => {
      p.heartbeat().catch(() => (rebalancing = true));
    }, HEARTBEAT_TICK_MS);
    const stopping = (): boolean => this.closing || rebalancing || !p.isRunning() || p.isStale();
    try {
      const records = batch.messages.map((message) => this.classify(message));
      let i = 0;
      while (i < records.length && !stopping()) {
        const record = records[i];
        if (record.kind === 'poison') {
          await this.deadLetter(tp, record.message, record.reason, record.error, 0);
          this.count('dead-lettered');
          p.resolveOffset(record.message.offset);
          await p.commitOffsetsIfNecessary(p.uncommittedOffsets());
          i += 1;
          continue;
        }
        const group = takeGroup(records, i, this.maxRecordsPerTransaction);
        const run = await this.applyGroup(tp, group, stopping);
        for (let k = 0; k < run.committed; k++) {
          this.count(run.outcomes[k]);
          p.resolveOffset(group[k].message.offset);
        }
        i += run.committed;
        if (run.stop === undefined) continue;
        if (run.stop === 'interrupted') break;
        const outcome =
          run.stop.index === run.committed
            ? await this.settle(tp, group[run.stop.index], run.stop.result)
            : await this.settleLostGroup(tp, group[run.stop.index], run.stop.result);
        if (outcome === 'dead-lettered') {
          this.count(outcome);
          p.resolveOffset(group[run.stop.index].message.offset);
          await p.commitOffsetsIfNecessary(p.uncommittedOffsets());
          i += 1;
          continue;
        }
        // Leave the batch at once (kafkajs fetches again only when every batch in hand is done): commit
        // what came before, pause this partition, and come back to its first unapplied record when due.
        await p.commitOffsetsIfNecessary(p.uncommittedOffsets());
        this.holds?.hold(tp, group[run.committed].message.offset, outcome.holdUntil);
        break;
      }
    } finally {
      clearInterval(ticker);
      await p.commitOffsetsIfNecessary(p.uncommittedOffsets());
    }
  }

  private count(outcome: 'applied' | 'duplicate' | 'skipped' | 'dead-lettered'): void {
    if (outcome === 'applied') this.stats.applied += 1;
    else if (outcome === 'duplicate') this.stats.duplicates += 1;
    else if (outcome === 'skipped') this.stats.skipped += 1;
    else this.stats.deadLettered += 1;
  }

  /** What a record needs, decided without the database: a handler, nothing (no handler), or the DLQ at once. */
  private classify(message: KafkaMessage): BatchRecord {
    let envelope: EventEnvelope<unknown>;
    try {
      // A null value is a tombstone only for an event declared as one (EventDefinition.tombstone).
      envelope = parseKafkaMessage(message, (type, key) => this.definitions.get(type)?.tombstone?.(key));
    } catch (e) {
      if (!(e instanceof PoisonMessageError)) throw e;
      return { kind: 'poison', message, reason: 'unparseable', error: e.message };
    }
    const handler = this.messageHandlers.get(envelope.type) as ChainedHandler | undefined;
    if (!handler) return { kind: 'skip', message }; // an event this consumer does not subscribe to
    const def = this.definitions.get(envelope.type);
    const violations = def ? checkPayload(def, envelope.data) : [{ path: '', message: 'no EventDefinition for this type' }];
    if (violations.length > 0) {
      return { kind: 'poison', message, reason: 'schema-invalid', error: new InvalidEventPayloadError(envelope.type, violations).message };
    }
    return { kind: 'handle', message, envelope, handler };
  }

  /**
   * Applies a group of consecutive records in ONE transaction (one COMMIT, one fsync): their
   * `consumer_attempt` rows in one query, their inbox rows in one insert, then each handler inside its
   * own SAVEPOINT (taken at its first query: RecordSavepoints) under its own deadline. A failing handler
   * rolls back to its savepoint and the records before it commit; a handler past its deadline ends the
   * session, so nothing of the group commits.
   */
  private async applyGroup(tp: TopicPartition, group: readonly GroupRecord[], stopping: () => boolean): Promise<GroupRun> {
    const handled = group.filter((r): r is HandledRecord => r.kind === 'handle');
    if (handled.length === 0) return { committed: group.length, outcomes: group.map(() => 'skipped' as const) };
    let failure: { index: number; result: FailedAttempt } | undefined;
    try {
      return await this.opts.dataSource.transaction(async (manager: EntityManager): Promise<GroupRun> => {
        const ids = handled.map((r) => r.envelope.id);
        const { pid, stored } = await startHandlerTransaction(manager, this.groupId, ids, this.handlerTimeoutMs + SESSION_LIMIT_GRACE_MS);
        // Where the group stops before anything runs: a record whose next attempt is not due, or exhausted.
        let end = group.length;
        let stop: GroupRun['stop'];
        const attempts = new Map<number, number>();
        const now = this.clock.now();
        group.forEach((r, k) => {
          if (k >= end || r.kind !== 'handle') return;
          const decision = beforeAttempt(stored.get(r.envelope.id), now, this.policy);
          if (decision.kind === 'run') attempts.set(k, decision.attempt);
          else [end, stop] = [k, { index: k, result: decision }];
        });
        const toClaim = group.slice(0, end).filter((r): r is HandledRecord => r.kind === 'handle');
        const claimed = await claimInboxRows(manager, this.groupId, toClaim.map((r) => r.envelope));
        const forget: string[] = [];
        const outcomes: GroupOutcome[] = [];
        if (!manager.queryRunner) throw new Error('transaction manager without a query runner');
        const savepoints = new RecordSavepoints(manager.queryRunner);
        for (let k = 0; k < end; k++) {
          const r = group[k];
          if (r.kind !== 'handle') {
            outcomes.push('skipped');
            continue;
          }
          const id = r.envelope.id;
          if (stopping()) {
            stop = 'interrupted';
            break;
          }
          if (!claimed.delete(id)) {
            this.logger.debug?.(`${r.envelope.type} ${id} already handled by ${this.groupId}: skipped`);
            if (stored.has(id)) forget.push(id);
            outcomes.push('duplicate');
            continue;
          }
          savepoints.begin();
          const outcome = await this.runWithDeadline(tp, r, manager, pid, attempts.get(k) ?? 1);
          if (outcome !== 'applied') {
            failure = { index: k, result: outcome };
            if (outcome.timedOut) throw outcome.error; // its session is gone: nothing of this transaction commits
            await savepoints.rollback();
            claimed.add(id); // its inbox row was claimed before its savepoint: released below
            stop = failure;
            break;
          }
          savepoints.end();
          if (stored.has(id)) forget.push(id);
          outcomes.push('applied');
        }
        await releaseInboxRows(manager, this.groupId, [...claimed]); // claimed for records it did not reach
        await forgetAttempts(manager, this.groupId, forget);
        return { committed: outcomes.length, outcomes, ...(stop === undefined ? {} : { stop }) };
      });
    } catch (e) {
      // Nothing of the group committed.
      return { committed: 0, outcomes: [], stop: failure ?? { index: 0, result: { kind: 'database-unavailable', error: e } } };
    }
  }

  /** Runs one record's handlers under its deadline, in the group's transaction. */
  private async runWithDeadline(tp: TopicPartition, r: HandledRecord, manager: EntityManager, pid: number, attempt: number): Promise<'applied' | FailedAttempt> {
    const { envelope, handler, message } = r;
    let timedOut = false;
    let captured: unknown;
    const ctx: ReliableEventContext & ErrorSinkCarrier = {
      envelope,
      manager,
      groupId: this.groupId,
      topic: tp.topic,
      partition: tp.partition,
      offset: message.offset,
      attempt,
    };
    Object.defineProperty(ctx, ERROR_SINK, { value: (e: unknown) => (captured ??= e), enumerable: false });
    try {
      await withDeadline(this.runHandlers(handler, envelope.data, ctx), this.handlerTimeoutMs, async () => {
        timedOut = true;
        await this.endSession(pid, envelope);
      });
      return 'applied';
    } catch (e) {
      return { kind: 'failed', attempt, error: timedOut ? e : (captured ?? e), timedOut };
    }
  }

  /** The record where its group stopped, with every record before it committed: as one record on its own. */
  private async settle(tp: TopicPartition, record: GroupRecord, result: StopResult): Promise<Outcome> {
    const what = describeRecord(tp, record);
    switch (result.kind) {
      case 'wait':
        return { holdUntil: result.until };
      case 'database-unavailable':
        return this.databaseUnavailable(what, result.error);
      case 'exhausted':
        this.logger.error(`${what} failed ${result.attempts} times (recorded earlier), dead-lettering: ${result.lastError}`);
        return this.deadLetterFailed(tp, record.message, eventIdOf(record), result.lastError, result.attempts);
      case 'failed':
        return this.afterFailedAttempt(tp, record, what, result, true);
    }
  }

  /**
   * The record where its group stopped when the group's transaction was lost (a handler past its deadline,
   * a failed COMMIT): the records before it are not applied, so the partition goes back to the group's
   * first record. The failed attempt is recorded; a record out of attempts is dead-lettered when it comes back.
   */
  private async settleLostGroup(tp: TopicPartition, record: GroupRecord, result: StopResult): Promise<{ holdUntil: number }> {
    const what = describeRecord(tp, record);
    if (result.kind === 'failed') return this.afterFailedAttempt(tp, record, what, result, false) as Promise<{ holdUntil: number }>;
    if (result.kind === 'database-unavailable') return this.databaseUnavailable(what, result.error);
    return { holdUntil: this.clock.now() }; // not reached: waits and exhausted records stop a group before it runs
  }

  /** Not an attempt: the handler never ran or its work did not commit. Hold the partition and try again later, never dead-letter for it. */
  private databaseUnavailable(what: string, error: unknown): { holdUntil: number } {
    this.logger.error(`${what}: could not apply in an inbox transaction: ${describeError(error)}`);
    return { holdUntil: this.clock.now() + Math.min(this.policy.maxBackoffMs, DATABASE_RETRY_MS) };
  }

  /**
   * Persists the failed attempt, then either dead-letters the record (when `deadLetterNow`) or holds its
   * partition until the next attempt (or at once, to dead-letter it when it comes back).
   */
  private async afterFailedAttempt(
    tp: TopicPartition,
    record: GroupRecord,
    what: string,
    failed: FailedAttempt,
    deadLetterNow: boolean,
  ): Promise<Outcome> {
    const eventId = eventIdOf(record);
    const reason = describeError(failed.error);
    if (failed.timedOut) this.stats.timeouts += 1;
    const now = this.clock.now();
    const next = afterFailure(failed.attempt, now, this.policy);
    try {
      // Recorded before the dead letter too: a crash after it dead-letters on redelivery without running the handler again.
      await recordFailedAttempt(this.opts.dataSource, this.groupId, eventId, {
        attempts: failed.attempt,
        error: truncate(reason, DLQ_ERROR_MAX),
        nextAttemptAt: next.kind === 'retry' ? next.nextAttemptAt : now,
      });
    } catch (e) {
      this.logger.error(`${what}: attempt ${failed.attempt} failed (${reason}) and could not be recorded: ${describeError(e)}`);
      return { holdUntil: now + Math.min(this.policy.maxBackoffMs, DATABASE_RETRY_MS) };
    }
    if (next.kind === 'dead-letter') {
      if (!deadLetterNow) {
        this.logger.error(`${what} failed ${failed.attempt} times; dead-lettered once the records before it are applied again: ${reason}`);
        return { holdUntil: now };
      }
      this.logger.error(`${what} failed ${failed.attempt} times, dead-lettering: ${reason}`);
      return this.deadLetterFailed(tp, record.message, eventId, reason, failed.attempt);
    }
    this.stats.retries += 1;
    this.logger.warn(`${what} attempt ${failed.attempt}/${this.policy.maxAttempts} failed, retrying in ${next.waitMs} ms: ${reason}`);
    return { holdUntil: next.nextAttemptAt };
  }

  private async deadLetterFailed(tp: TopicPartition, message: KafkaMessage, eventId: string, reason: string, attempts: number): Promise<Outcome> {
    await this.deadLetter(tp, message, 'handler-failed', reason, attempts);
    await forgetAttempts(this.opts.dataSource, this.groupId, [eventId]).catch((e: unknown) =>
      this.logger.warn(`${eventId}: dead-lettered, but its consumer_attempt row stays: ${describeError(e)}`),
    );
    return 'dead-lettered';
  }

  private async runHandlers(head: ChainedHandler, data: unknown, ctx: ReliableEventContext): Promise<void> {
    for (let h: ChainedHandler | undefined = head; h; h = h.next) {
      const result = await h(data, ctx);
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    }
  }

  /** A handler past its deadline: end its database session so its statement stops and its locks go now. */
  private async endSession(pid: number, envelope: EventEnvelope<unknown>): Promise<void> {
    const ended = await terminateBackend(this.opts.dataSource, pid).catch((e: unknown) => {
      this.logger.error(`could not end backend ${pid}: ${describeError(e)}`);
      return false;
    });
    this.logger.warn(
      `${envelope.type} ${envelope.id}: handler passed its ${this.handlerTimeoutMs} ms deadline; ` +
        (ended ? `ended its database session (pid ${pid})` : `its session (pid ${pid}) ends at its own timeouts`),
    );
  }

  private async deadLetter(tp: TopicPartition, message: KafkaMessage, reason: DeadLetterReason, error: string, attempts: number): Promise<void> {
    const { topic, partition } = tp;
    if (!this.producer) throw new Error('DLQ producer is not connected');
    if (reason !== 'handler-failed') this.logger.warn(`${topic}[${partition}]@${message.offset} dead-lettered (${reason}): ${error}`);
    await this.producer.send({
      topic: this.dlqTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [DLQ_HEADERS.reason]: reason,
            [DLQ_HEADERS.error]: truncate(error, DLQ_ERROR_MAX),
            [DLQ_HEADERS.attempts]: String(attempts),
            [DLQ_HEADERS.originalTopic]: topic,
            [DLQ_HEADERS.originalPartition]: String(partition),
            [DLQ_HEADERS.originalOffset]: message.offset,
            [DLQ_HEADERS.consumerGroup]: this.groupId,
            [DLQ_HEADERS.failedAt]: new Date(this.clock.now()).toISOString(),
          },
        },
      ],
    });
  }
}

/** The handler deadline, refused when it is not well under the session and rebalance timeouts. */
function checkHandlerTimeout(opts: ReliableKafkaTransportOptions): number {
  const timeoutMs = opts.handlerTimeoutMs ?? 10_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidConsumerConfigError('handlerTimeoutMs', `must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  const sessionTimeout = opts.consumerConfig?.sessionTimeout ?? KAFKAJS_SESSION_TIMEOUT_MS;
  const rebalanceTimeout = opts.consumerConfig?.rebalanceTimeout ?? KAFKAJS_REBALANCE_TIMEOUT_MS;
  const limit = Math.min(sessionTimeout, rebalanceTimeout) / 2;
  if (timeoutMs > limit) {
    throw new InvalidConsumerConfigError(
      'handlerTimeoutMs',
      `${timeoutMs} ms is not well under the consumer's session timeout (${sessionTimeout} ms) and rebalance timeout ` +
        `(${rebalanceTimeout} ms): at most half of the smaller (${limit} ms)`,
    );
  }
  return timeoutMs;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  if (error !== null && typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** Consecutive records from `from` up to the next poison record, with at most `max` to handle. */
function takeGroup(records: readonly BatchRecord[], from: number, max: number): GroupRecord[] {
  const group: GroupRecord[] = [];
  let handled = 0;
  for (let k = from; k < records.length && handled < max; k++) {
    const r = records[k];
    if (r.kind === 'poison') break;
    if (r.kind === 'handle') handled += 1;
    group.push(r);
  }
  return group;
}

function describeRecord(tp: TopicPartition, r: GroupRecord): string {
  const where = `${tp.topic}[${tp.partition}]@${r.message.offset}`;
  return r.kind === 'handle' ? `${where} ${r.envelope.type} ${r.envelope.id}` : where;
}

function eventIdOf(r: GroupRecord): string {
  if (r.kind !== 'handle') throw new Error(`record at offset ${r.message.offset} has no handler, so no attempts`);
  return r.envelope.id;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max);
}
