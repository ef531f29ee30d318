import { randomBytes } from 'node:crypto';
import { kafkaSaslFromEnv } from '@massage/contracts';
import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import { ensureTopics } from './kafka-topics';
import { waitFor } from './wait-for';

/**
 * A name no other test (or earlier run) uses, valid for Kafka topics, consumer groups and
 * PostgreSQL identifiers once lower-cased: `<prefix>-<time>-<random>`.
 */
export function uniqueName(prefix: string): string {
  const clean = prefix.replace(/[^a-zA-Z0-9._-]+/g, '-');
  return `${clean}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export interface CollectedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  /** Header values as UTF-8 strings (a repeated header keeps its last value). */
  readonly headers: Record<string, string>;
  readonly timestamp: string;
}

export interface CollectTopicOptions {
  /** Read what is already on the topic too (default: only what arrives after `collectTopic` resolves). */
  readonly fromBeginning?: boolean;
  /** Prefix of the unique consumer group (default `collect`). */
  readonly groupIdPrefix?: string;
  /** How long to wait for the consumer to join its group (default 30 s). */
  readonly joinTimeoutMs?: number;
}

export interface TopicCollector {
  /** Every message received so far, in arrival order (per partition in offset order). */
  readonly messages: CollectedMessage[];
  readonly groupId: string;
  /** Waits until at least `count` messages matching `predicate` arrived; resolves with them. */
  waitForMessages(
    count: number,
    options?: { timeoutMs?: number; predicate?: (message: CollectedMessage) => boolean },
  ): Promise<CollectedMessage[]>;
  /** Disconnects the consumer and deletes its consumer group. */
  stop(): Promise<void>;
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) result[name] = value.toString();
  }
  return result;
}

/**
 * Starts a kafkajs consumer in a fresh consumer group and collects the messages of `topic`.
 * Resolves once the consumer has joined its group. Without `fromBeginning`, the end offsets are
 * read before joining, so every message produced after this call resolves is collected, with no
 * race against the group's first fetch.
 */
export async function collectTopic(
  brokers: string[],
  topic: string,
  options: CollectTopicOptions = {},
): Promise<TopicCollector> {
  const groupId = uniqueName(options.groupIdPrefix ?? 'collect');
  const kafka = new Kafka({ clientId: groupId, brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) });
  const admin = kafka.admin();
  await admin.connect();
  const startOffsets = new Map<number, bigint>();
  try {
    if (!options.fromBeginning) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
        startOffsets.set(partition, BigInt(high));
      }
    }
  } catch (error) {
    await admin.disconnect();
    throw error;
  }

  const consumer: Consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    // Short fetch long-polls: disconnect() waits for the one in flight (5 s by default).
    maxWaitTimeInMs: 250,
    retry: { retries: 5 },
  });
  const messages: CollectedMessage[] = [];
  const nextOffsets = new Map(startOffsets);
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });

  try {
    await consumer.connect();
    // Always subscribe from the beginning and skip what lies before the recorded end offsets:
    // "latest" would be resolved only at the first fetch, after messages the test may already
    // have produced.
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic: from, partition, message }) => {
        // Skip what lies before the start offsets, and anything delivered twice (the seek below
        // can rewind a partition that already delivered a message): per partition, offsets only grow.
        const offset = BigInt(message.offset);
        const next = nextOffsets.get(partition);
        if (next !== undefined && offset < next) return;
        nextOffsets.set(partition, offset + 1n);
        messages.push({
          topic: from,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: headersToStrings(message.headers),
          timestamp: message.timestamp,
        });
      },
    });
    await waitFor(() => joined, {
      timeoutMs: options.joinTimeoutMs ?? 30_000,
      description: `consumer group ${groupId} to join on topic ${topic}`,
    });
    // Skip straight to the recorded end offsets (only an optimisation: the filter above is what
    // guarantees nothing older is collected). kafkajs accepts seeks once the group exists.
    for (const [partition, offset] of startOffsets) {
      try {
        consumer.seek({ topic, partition, offset: offset.toString() });
      } catch {
        // The filter still skips the old messages.
      }
    }
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    throw error;
  }

  let stopped = false;
  return {
    messages,
    groupId,
    waitForMessages: (count, waitOptions = {}) => {
      const predicate = waitOptions.predicate ?? (() => true);
      return waitFor(
        () => {
          const matching = messages.filter(predicate);
          return matching.length >= count ? matching : undefined;
        },
        { timeoutMs: waitOptions.timeoutMs ?? 15_000, description: `${count} message(s) on ${topic}` },
      );
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await consumer.disconnect();
      // Keep the broker tidy: one group per collector would otherwise pile up on a dev broker.
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

export interface TestTopic {
  readonly name: string;
  /** Deletes the topic. */
  drop(): Promise<void>;
}

/** Creates a uniquely named topic for one test (the brokers do not auto-create topics). */
export async function createTestTopic(
  brokers: string[],
  prefix: string,
  options: { partitions?: number; cleanupPolicy?: 'delete' | 'compact' } = {},
): Promise<TestTopic> {
  const name = uniqueName(`test.${prefix}`);
  await ensureTopics(brokers, [
    { name, partitions: options.partitions ?? 1, cleanupPolicy: options.cleanupPolicy ?? 'delete' },
  ]);
  return {
    name,
    drop: async () => {
      const admin = new Kafka({ clientId: 'massage-test-topic', brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }).admin();
      await admin.connect();
      try {
        await admin.deleteTopics({ topics: [name] });
      } finally {
        await admin.disconnect();
      }
    },
  };
}

/**
 * Removes a test's consumer group and its dead-letter topic `<group>.dlq` (what a transport started with
 * `createDlqTopic` leaves behind), ignoring either when already gone: a dev broker does not pile them up.
 */
export async function removeTestConsumerGroup(brokers: string[], groupId: string): Promise<void> {
  const admin = new Kafka({ clientId: 'massage-test-group', brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }).admin();
  await admin.connect();
  try {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [`${groupId}.dlq`] }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
