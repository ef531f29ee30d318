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
import { forgetAttempts, recordFailedAttempt, startHandlerTransaction } from './consumer-attempt.store';
import { registerConsumer, type ConsumerHealth } from './consumer-registry';
import { ERROR_SINK, installHandlerErrorCapture, type ErrorSinkCarrier } from './handler-error-capture';
import { terminateBackend, withDeadline } from './handler-deadline';
import { PartitionHolds, type TopicPartition } from './partition-holds';
import type { ReliableEventContext } from './reliable-event.context';
import { afterFailure, beforeAttempt, type RetryPolicy } from './retry-policy';

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
/** How often the consumer heartbeats while a batch is in hand (kafkajs only sends one per heartbeatInterval). */
const HEARTBEAT_TICK_MS = 1000;
/** The handler's session limits (statement, lock, idle in transaction) sit this far above its deadline. */
const SESSION_LIMIT_GRACE_MS = 1000;
/** kafkajs defaults, for the deadline check when consumerConfig does not set them. */
const KAFKAJS_SESSION_TIMEOUT_MS = 30_000;
const KAFKAJS_REBALANCE_TIMEOUT_MS = 60_000;

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
  /** Cap of the wait between attempts (and the wait after a database failure). Default 5000 ms. */
  maxBackoffMs?: number;
  /**
   * Deadline of one handler attempt (its transaction included). Past it the attempt has failed and its
   * database session is ended. At most half of the session and rebalance timeouts. Default 10 000 ms.
   */
  handlerTimeoutMs?: number;
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
  /** Extra kafkajs consumer settings (e.g. maxWaitTimeInMs, sessionTimeout). */
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

type Outcome = 'applied' | 'duplicate' | 'skipped' | 'dead-lettered' | 'interrupted' | { holdUntil: number };

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

type AttemptResult =
  | { kind: 'applied' | 'duplicate' }
  | { kind: 'wait'; until: number }
  | { kind: 'exhausted'; attempts: number; lastError: string }
  | { kind: 'failed'; attempt: number; error: unknown; timedOut: boolean }
  | { kind: 'database-unavailable'; error: unknown };

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
    const { initialMs, maxMs } = this.opts.reconnectBackoff ?? { initialMs: 1000, maxMs: 30_000 };
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

    const consumer = kafka.consumer({ allowAutoTopicCreation: false, ...this.opts.consumerConfig, groupId: this.groupId });
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
    try {
      for (const message of batch.messages) {
        if (this.closing || rebalancing || !p.isRunning() || p.isStale()) break;
        const outcome = await this.process(tp, message);
        if (outcome === 'interrupted') break;
        if (typeof outcome === 'object') {
          // Leave the batch at once (kafkajs fetches again only when every batch in hand is done): commit
          // what came before, pause this partition, and come back to this record when it is due.
          await p.commitOffsetsIfNecessary(p.uncommittedOffsets());
          this.holds?.hold(tp, message.offset, outcome.holdUntil);
          break;
        }
        this.count(outcome);
        p.resolveOffset(message.offset);
        if (outcome === 'dead-lettered') await p.commitOffsetsIfNecessary(p.uncommittedOffsets());
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

  private async process(tp: TopicPartition, message: KafkaMessage): Promise<Outcome> {
    const { topic, partition } = tp;
    const where = `${topic}[${partition}]@${message.offset}`;
    let envelope: EventEnvelope<unknown>;
    try {
      // A null value is a tombstone only for an event declared as one (EventDefinition.tombstone).
      envelope = parseKafkaMessage(message, (type, key) => this.definitions.get(type)?.tombstone?.(key));
    } catch (e) {
      if (!(e instanceof PoisonMessageError)) throw e;
      await this.deadLetter(tp, message, 'unparseable', e.message, 0);
      return 'dead-lettered';
    }
    const handler = this.messageHandlers.get(envelope.type) as ChainedHandler | undefined;
    if (!handler) return 'skipped'; // an event this consumer does not subscribe to
    const def = this.definitions.get(envelope.type);
    const violations = def ? checkPayload(def, envelope.data) : [{ path: '', message: 'no EventDefinition for this type' }];
    if (violations.length > 0) {
      await this.deadLetter(tp, message, 'schema-invalid', new InvalidEventPayloadError(envelope.type, violations).message, 0);
      return 'dead-lettered';
    }
    if (this.closing) return 'interrupted';

    const what = `${where} ${envelope.type} ${envelope.id}`;
    const result = await this.attempt(handler, envelope, { topic, partition, offset: message.offset });
    switch (result.kind) {
      case 'applied':
      case 'duplicate':
        return result.kind;
      case 'wait':
        return { holdUntil: result.until };
      case 'database-unavailable': {
        // Not an attempt: the handler never ran. Hold the partition and try again later, never dead-letter for it.
        this.logger.error(`${what}: could not open the inbox transaction: ${describeError(result.error)}`);
        return { holdUntil: this.clock.now() + this.policy.maxBackoffMs };
      }
      case 'exhausted':
        this.logger.error(`${what} failed ${result.attempts} times (recorded earlier), dead-lettering: ${result.lastError}`);
        return this.deadLetterFailed(tp, message, envelope.id, result.lastError, result.attempts);
      case 'failed':
        return this.afterFailedAttempt(tp, message, envelope, what, result);
    }
  }

  /** Persists the failed attempt, then either dead-letters the record or holds its partition until the next attempt. */
  private async afterFailedAttempt(
    tp: TopicPartition,
    message: KafkaMessage,
    envelope: EventEnvelope<unknown>,
    what: string,
    failed: { attempt: number; error: unknown; timedOut: boolean },
  ): Promise<Outcome> {
    const reason = describeError(failed.error);
    if (failed.timedOut) this.stats.timeouts += 1;
    const now = this.clock.now();
    const next = afterFailure(failed.attempt, now, this.policy);
    try {
      // Recorded before the dead letter too: a crash after it dead-letters on redelivery without running the handler again.
      await recordFailedAttempt(this.opts.dataSource, this.groupId, envelope.id, {
        attempts: failed.attempt,
        error: truncate(reason, DLQ_ERROR_MAX),
        nextAttemptAt: next.kind === 'retry' ? next.nextAttemptAt : now,
      });
    } catch (e) {
      this.logger.error(`${what}: attempt ${failed.attempt} failed (${reason}) and could not be recorded: ${describeError(e)}`);
      return { holdUntil: now + this.policy.maxBackoffMs };
    }
    if (next.kind === 'dead-letter') {
      this.logger.error(`${what} failed ${failed.attempt} times, dead-lettering: ${reason}`);
      return this.deadLetterFailed(tp, message, envelope.id, reason, failed.attempt);
    }
    this.stats.retries += 1;
    this.logger.warn(`${what} attempt ${failed.attempt}/${this.policy.maxAttempts} failed, retrying in ${next.waitMs} ms: ${reason}`);
    return { holdUntil: next.nextAttemptAt };
  }

  private async deadLetterFailed(tp: TopicPartition, message: KafkaMessage, eventId: string, reason: string, attempts: number): Promise<Outcome> {
    await this.deadLetter(tp, message, 'handler-failed', reason, attempts);
    await forgetAttempts(this.opts.dataSource, this.groupId, eventId).catch((e: unknown) =>
      this.logger.warn(`${eventId}: dead-lettered, but its consumer_attempt row stays: ${describeError(e)}`),
    );
    return 'dead-lettered';
  }

  /** One attempt: the inbox row, the handler under its deadline and the attempt bookkeeping, in one transaction. */
  private async attempt(
    head: ChainedHandler,
    envelope: EventEnvelope<unknown>,
    where: { topic: string; partition: number; offset: string },
  ): Promise<AttemptResult> {
    let attempt = 0;
    let timedOut = false;
    let captured: unknown;
    try {
      return await this.opts.dataSource.transaction(async (manager: EntityManager): Promise<AttemptResult> => {
        const { pid, stored } = await startHandlerTransaction(manager, this.groupId, envelope.id, this.handlerTimeoutMs + SESSION_LIMIT_GRACE_MS);
        const decision = beforeAttempt(stored, this.clock.now(), this.policy);
        if (decision.kind !== 'run') return decision;
        const inserted = (await manager.query(
          `INSERT INTO "inbox" ("consumer_group", "event_id", "event_type") VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING "event_id"`,
          [this.groupId, envelope.id, envelope.type],
        )) as unknown[];
        if (inserted.length === 0) {
          if (stored) await forgetAttempts(manager, this.groupId, envelope.id);
          this.logger.debug?.(`${envelope.type} ${envelope.id} already handled by ${this.groupId}: skipped`);
          return { kind: 'duplicate' };
        }
        attempt = decision.attempt;
        const ctx: ReliableEventContext & ErrorSinkCarrier = { envelope, manager, groupId: this.groupId, ...where, attempt };
        Object.defineProperty(ctx, ERROR_SINK, { value: (e: unknown) => (captured ??= e), enumerable: false });
        await withDeadline(this.runHandlers(head, envelope.data, ctx), this.handlerTimeoutMs, async () => {
          timedOut = true;
          await this.endSession(pid, envelope);
        });
        if (stored) await forgetAttempts(manager, this.groupId, envelope.id);
        return { kind: 'applied' };
      });
    } catch (e) {
      if (attempt === 0) return { kind: 'database-unavailable', error: e };
      return { kind: 'failed', attempt, error: timedOut ? e : (captured ?? e), timedOut };
    }
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

function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max);
}
