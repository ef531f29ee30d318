import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { checkPayload, EVENT_CATALOGUE, InvalidEventPayloadError, type EventDefinition } from '@massage/contracts';
import { Partitioners, type Consumer, type ConsumerConfig, type EachBatchPayload, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { parseKafkaMessage, PoisonMessageError, type EventEnvelope } from '../envelope/cloud-events.envelope';
import { createKafka } from '../kafka/kafka.factory';
import { backoffDelay } from './backoff';
import { registerConsumer } from './consumer-registry';
import { ERROR_SINK, installHandlerErrorCapture, type ErrorSinkCarrier } from './handler-error-capture';
import type { ReliableEventContext } from './reliable-event.context';

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
/** Heartbeat at least this often while waiting between attempts. */
const HEARTBEAT_SLICE_MS = 1000;

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
  /** Cap of the wait between attempts. Default 5000 ms. */
  maxBackoffMs?: number;
  /** Default `${groupId}.dlq`. */
  dlqTopic?: string;
  /** Where a group with no committed offset starts. Default false (latest). */
  fromBeginning?: boolean;
  /** Event definitions the consumer validates against, by `type`. Default EVENT_CATALOGUE. */
  definitions?: readonly AnyEventDefinition[];
  /**
   * What to do at startup when the DLQ topic does not exist. Default false: fail (listen rejects with
   * {@link MissingDeadLetterTopicError}); the topic comes from the catalogue (`CONSUMER_GROUPS` in
   * @massage/contracts) through `bash infra/kafka/create-topics.sh`. `{ partitions }` (tests, throwaway
   * groups) creates it with that many partitions and the broker's defaults otherwise; `true` means 1 partition.
   */
  createDlqTopic?: boolean | { partitions: number };
  /** Extra kafkajs consumer settings (e.g. maxWaitTimeInMs, sessionTimeout). */
  consumerConfig?: Partial<Omit<ConsumerConfig, 'groupId'>>;
  /** Partitions handled in parallel (each partition stays sequential). Default 1. */
  partitionsConsumedConcurrently?: number;
  /** Use this kafkajs client instead of building one from brokers/clientId. */
  kafka?: Kafka;
}

/** Any catalogue entry, whatever its payload type (EventDefinition<P> is invariant in P). */
export type AnyEventDefinition = Omit<EventDefinition<unknown>, 'key' | 'schema'> & {
  readonly key: (payload: never) => string;
  readonly schema: object;
};

export type ReliableKafkaStatus = 'connected' | 'disconnected' | 'crashed';

type Outcome = 'applied' | 'duplicate' | 'skipped' | 'dead-lettered' | 'interrupted';

/** Counters since start (for metrics and tests). */
export interface ReliableKafkaStats {
  /** Records whose handlers ran and committed. */
  applied: number;
  /** Records found in the inbox (already applied by this group): not handled again. */
  duplicates: number;
  /** Records of a type this consumer has no handler for. */
  skipped: number;
  deadLettered: number;
  /** Failed handler attempts that were retried. */
  retries: number;
}

interface BatchControl {
  heartbeat: () => Promise<void>;
  isRunning: () => boolean;
  isStale: () => boolean;
}

type ChainedHandler = MessageHandler & { next?: ChainedHandler };

/** The consumer's dead-letter topic does not exist (and `createDlqTopic` was not given): it refuses to start. */
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

/**
 * A Nest custom transport that consumes CloudEvents records from Kafka and calls `@EventPattern(type)`
 * handlers exactly once per consumer group: each record is applied in a DB transaction that also
 * inserts its `(consumer_group, event_id)` into `inbox`. A failing handler is retried with
 * exponential backoff and then dead-lettered; unparseable and schema-invalid records are
 * dead-lettered at once. Offsets are committed only past handled or dead-lettered records.
 */
export class ReliableKafkaTransport extends Server<Record<string, never>, ReliableKafkaStatus> implements CustomTransportStrategy {
  protected override readonly logger = new Logger(ReliableKafkaTransport.name);

  readonly groupId: string;
  readonly dlqTopic: string;
  private readonly opts: ReliableKafkaTransportOptions;
  private readonly maxAttempts: number;
  private readonly backoff: { initialBackoffMs: number; maxBackoffMs: number };
  private readonly definitions: Map<string, EventDefinition<unknown>>;
  private readonly shutdown = new AbortController();
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private closing = false;
  private closed: Promise<void> | undefined;
  private unregister: (() => void) | undefined;
  private readonly stats: ReliableKafkaStats = { applied: 0, duplicates: 0, skipped: 0, deadLettered: 0, retries: 0 };

  constructor(opts: ReliableKafkaTransportOptions) {
    super();
    this.opts = opts;
    this.groupId = opts.groupId;
    this.dlqTopic = opts.dlqTopic ?? `${opts.groupId}.dlq`;
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
    this.backoff = { initialBackoffMs: opts.initialBackoffMs ?? 200, maxBackoffMs: opts.maxBackoffMs ?? 5000 };
    const defs = (opts.definitions ?? EVENT_CATALOGUE) as readonly EventDefinition<unknown>[];
    this.definitions = new Map(defs.map((d) => [d.type, d]));
    installHandlerErrorCapture();
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    // MessagingModule closes the consumers of its DataSource before stopping the relay (see consumer-registry).
    this.unregister ??= registerConsumer(this.opts.dataSource, this);
    this.start().then(
      () => callback(),
      async (e: unknown) => {
        this.logger.error(`could not start consuming: ${describeError(e)}`);
        await this.close();
        callback(e);
      },
    );
  }

  /** Stops taking batches, finishes the record in hand, commits, leaves the group and disconnects. */
  close(): Promise<void> {
    this.closed ??= this.doClose();
    return this.closed;
  }

  getStats(): ReliableKafkaStats {
    return { ...this.stats };
  }

  on(): never {
    throw new Error('ReliableKafkaTransport does not support on(); subscribe to status instead');
  }

  unwrap<T>(): T {
    if (!this.consumer || !this.producer) throw new Error('ReliableKafkaTransport is not listening yet');
    return { consumer: this.consumer, producer: this.producer } as T;
  }

  private async start(): Promise<void> {
    const kafka = this.opts.kafka ?? createKafka({ clientId: this.opts.clientId ?? this.groupId, brokers: this.opts.brokers });
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
    await producer.connect();
    this.producer = producer;
    await this.checkDlqTopic(kafka);

    const consumer = kafka.consumer({ allowAutoTopicCreation: false, ...this.opts.consumerConfig, groupId: this.groupId });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) => {
      const { error, restart } = e.payload;
      this.logger.error(`consumer crashed (${restart ? 'restarting' : 'not restarting'}): ${error.message}`, error.stack);
      if (!restart) this._status$.next('crashed');
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.opts.topics, fromBeginning: this.opts.fromBeginning ?? false });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    this._status$.next('connected');
    this.logger.log(`consuming ${this.opts.topics.join(', ')} as group ${this.groupId} (DLQ ${this.dlqTopic})`);
  }

  private async doClose(): Promise<void> {
    this.closing = true;
    this.shutdown.abort();
    try {
      await this.consumer?.disconnect(); // waits for the batch in hand, which commits; then leaves the group
    } catch (e) {
      this.logger.error(`consumer disconnect failed: ${(e as Error).message}`);
    }
    try {
      await this.producer?.disconnect();
    } catch (e) {
      this.logger.error(`DLQ producer disconnect failed: ${(e as Error).message}`);
    }
    this.unregister?.();
    this._status$.next('disconnected');
  }

  /** Fails fast when the DLQ topic is missing (a dead letter would fail at the worst moment), unless asked to create it. */
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
    const control: BatchControl = { heartbeat: p.heartbeat, isRunning: p.isRunning, isStale: p.isStale };
    try {
      for (const message of batch.messages) {
        if (this.closing || !p.isRunning() || p.isStale()) break;
        const outcome = await this.process(batch.topic, batch.partition, message, control);
        if (outcome === 'interrupted') break;
        this.count(outcome);
        p.resolveOffset(message.offset);
        if (outcome === 'dead-lettered') await p.commitOffsetsIfNecessary(p.uncommittedOffsets());
        await p.heartbeat();
      }
    } finally {
      await p.commitOffsetsIfNecessary(p.uncommittedOffsets());
    }
  }

  private count(outcome: Exclude<Outcome, 'interrupted'>): void {
    if (outcome === 'applied') this.stats.applied += 1;
    else if (outcome === 'duplicate') this.stats.duplicates += 1;
    else if (outcome === 'skipped') this.stats.skipped += 1;
    else this.stats.deadLettered += 1;
  }

  private async process(topic: string, partition: number, message: KafkaMessage, control: BatchControl): Promise<Outcome> {
    const where = `${topic}[${partition}]@${message.offset}`;
    let envelope: EventEnvelope<unknown>;
    try {
      envelope = parseKafkaMessage(message);
    } catch (e) {
      if (!(e instanceof PoisonMessageError)) throw e;
      await this.deadLetter(topic, partition, message, 'unparseable', e.message, 0);
      return 'dead-lettered';
    }
    const handler = this.messageHandlers.get(envelope.type) as ChainedHandler | undefined;
    if (!handler) return 'skipped'; // an event this consumer does not subscribe to
    const def = this.definitions.get(envelope.type);
    const violations = def ? checkPayload(def, envelope.data) : [{ path: '', message: 'no EventDefinition for this type' }];
    if (violations.length > 0) {
      await this.deadLetter(topic, partition, message, 'schema-invalid', new InvalidEventPayloadError(envelope.type, violations).message, 0);
      return 'dead-lettered';
    }

    let attempt = 1;
    for (;;) {
      const result = await this.applyOnce(handler, envelope, { topic, partition, offset: message.offset, attempt });
      if (result.ok) return result.duplicate ? 'duplicate' : 'applied';
      const reason = describeError(result.error);
      if (!result.handlerCalled) {
        // The database failed before the handler ran (no attempt used): wait and try again, never dead-letter for it.
        this.logger.error(`${where} ${envelope.type} ${envelope.id}: could not open the inbox transaction: ${reason}`);
        if (!(await this.pause(this.backoff.maxBackoffMs, control))) return 'interrupted';
        continue;
      }
      if (attempt >= this.maxAttempts) {
        this.logger.error(`${where} ${envelope.type} ${envelope.id} failed ${attempt} times, dead-lettering: ${reason}`);
        await this.deadLetter(topic, partition, message, 'handler-failed', reason, attempt);
        return 'dead-lettered';
      }
      const wait = backoffDelay(attempt, this.backoff);
      this.logger.warn(`${where} ${envelope.type} ${envelope.id} attempt ${attempt}/${this.maxAttempts} failed, retrying in ${wait} ms: ${reason}`);
      if (!(await this.pause(wait, control))) return 'interrupted';
      this.stats.retries += 1;
      attempt += 1;
    }
  }

  private async applyOnce(
    head: ChainedHandler,
    envelope: EventEnvelope<unknown>,
    where: { topic: string; partition: number; offset: string; attempt: number },
  ): Promise<{ ok: true; duplicate: boolean } | { ok: false; error: unknown; handlerCalled: boolean }> {
    let handlerCalled = false;
    let captured: unknown;
    try {
      const duplicate = await this.opts.dataSource.transaction(async (manager: EntityManager) => {
        const inserted = (await manager.query(
          `INSERT INTO "inbox" ("consumer_group", "event_id", "event_type") VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING "event_id"`,
          [this.groupId, envelope.id, envelope.type],
        )) as unknown[];
        if (inserted.length === 0) return true;
        handlerCalled = true;
        const ctx: ReliableEventContext & ErrorSinkCarrier = { envelope, manager, groupId: this.groupId, ...where };
        Object.defineProperty(ctx, ERROR_SINK, { value: (e: unknown) => (captured ??= e), enumerable: false });
        for (let h: ChainedHandler | undefined = head; h; h = h.next) {
          const result = await h(envelope.data, ctx);
          await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
        }
        return false;
      });
      if (duplicate) this.logger.debug?.(`${envelope.type} ${envelope.id} already handled by ${this.groupId}: skipped`);
      return { ok: true, duplicate };
    } catch (e) {
      return { ok: false, error: captured ?? e, handlerCalled };
    }
  }

  /** Waits `ms`, heartbeating; false when shutting down or the partition was taken away meanwhile. */
  private async pause(ms: number, control: BatchControl): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (this.closing || !control.isRunning() || control.isStale()) return false;
      const left = deadline - Date.now();
      if (left <= 0) return true;
      try {
        await sleep(Math.min(left, HEARTBEAT_SLICE_MS), undefined, { signal: this.shutdown.signal });
        await control.heartbeat();
      } catch {
        return false; // aborted by close(), or the group is rebalancing: leave the record for its next owner
      }
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: DeadLetterReason,
    error: string,
    attempts: number,
  ): Promise<void> {
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
            [DLQ_HEADERS.failedAt]: new Date().toISOString(),
          },
        },
      ],
    });
  }
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
