import { CONSUMER_GROUPS, TOPICS, kafkaSaslFromEnv } from '@massage/contracts';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';

/** What a topic must look like: a catalogue `TopicDefinition` satisfies it. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** Default `delete`. */
  readonly cleanupPolicy?: 'delete' | 'compact';
}

/** Every topic the local stack needs: the event catalogue's topics plus one DLQ per consumer group. */
export function infrastructureTopics(): TopicSpec[] {
  return [
    ...TOPICS.map(({ name, partitions, cleanupPolicy }) => ({ name, partitions, cleanupPolicy })),
    ...CONSUMER_GROUPS.map(({ deadLetterTopic: { name, partitions, cleanupPolicy } }) => ({ name, partitions, cleanupPolicy })),
  ];
}

export interface EnsureTopicsReport {
  readonly created: string[];
  readonly unchanged: string[];
  /** Differences that are not fixed automatically (another cleanup policy). */
  readonly warnings: string[];
}

/**
 * An existing topic whose partition count differs from its declaration. Changing it is refused: adding
 * partitions remaps keys (a key's later events land on another partition than its earlier ones, so
 * per-key order breaks while both are being consumed), and Kafka cannot remove partitions.
 */
export class TopicPartitionCountMismatchError extends Error {
  constructor(readonly mismatches: readonly { topic: string; actual: number; declared: number }[]) {
    super(
      mismatches.map((m) => `topic ${m.topic} has ${m.actual} partitions, ${m.declared} declared`).join('; ') +
        '. Refusing to change the partition count of an existing topic (new partitions remap keys and break per-key order): ' +
        'publish a new topic version, or declare the count the topic has.',
    );
    this.name = 'TopicPartitionCountMismatchError';
  }
}

/**
 * Creates missing topics. An existing topic is never changed: one whose partition count differs from
 * its declaration fails the whole call (TopicPartitionCountMismatchError, naming each topic and both
 * counts) before anything is created; another cleanup policy is a warning (a decision for a person).
 * Idempotent and safe to run concurrently.
 */
export async function ensureTopics(
  brokers: string[],
  topics: readonly TopicSpec[],
  clientId = 'massage-ensure-topics',
): Promise<EnsureTopicsReport> {
  const report: EnsureTopicsReport = { created: [], unchanged: [], warnings: [] };
  const admin = new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }).admin();
  await admin.connect();
  try {
    const partitionCount = async (names: string[]): Promise<Map<string, number>> => {
      if (names.length === 0) return new Map();
      const metadata = await admin.fetchTopicMetadata({ topics: names });
      return new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
    };
    const refuseMismatches = (specs: readonly TopicSpec[], counts: Map<string, number>): void => {
      const mismatches = specs.flatMap((spec) => {
        const actual = counts.get(spec.name);
        return actual !== undefined && actual !== spec.partitions ? [{ topic: spec.name, actual, declared: spec.partitions }] : [];
      });
      if (mismatches.length > 0) throw new TopicPartitionCountMismatchError(mismatches);
    };
    const listed = new Set(await admin.listTopics());
    const existing = topics.filter((t) => listed.has(t.name));
    refuseMismatches(existing, await partitionCount(existing.map((t) => t.name)));

    for (const spec of topics) {
      const topic = { ...spec, cleanupPolicy: spec.cleanupPolicy ?? 'delete' };
      if (!listed.has(topic.name)) {
        const created = await createTopicWithLeaders(admin, {
          topic: topic.name,
          numPartitions: topic.partitions,
          configEntries: [{ name: 'cleanup.policy', value: topic.cleanupPolicy }],
        });
        if (created) {
          report.created.push(topic.name);
          continue;
        }
        // Someone else created it meanwhile: it must match too.
        refuseMismatches([topic], await partitionCount([topic.name]));
      }
      report.unchanged.push(topic.name);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic.name, configNames: ['cleanup.policy'] }],
      });
      const policy = configs.resources[0]?.configEntries.find((entry) => entry.configName === 'cleanup.policy')?.configValue;
      if (policy && policy !== topic.cleanupPolicy) {
        report.warnings.push(`${topic.name} has cleanup.policy=${policy}, declared ${topic.cleanupPolicy} (left as is)`);
      }
    }
  } finally {
    await admin.disconnect();
  }
  return report;
}

type KafkaAdmin = ReturnType<Kafka['admin']>;
type TopicConfig = Parameters<KafkaAdmin['createTopics']>[0]['topics'][number];

/**
 * createTopics with waitForLeaders, made robust: right after creation the broker can still answer the
 * leader lookup with "This server does not host this topic-partition" (seen on a fresh KRaft broker),
 * which kafkajs reports as a failure although the topic exists. Then wait (bounded) until the topic is
 * listed and every partition has a leader; create again if it really is missing. True when this call
 * created it, false when it already existed.
 */
async function createTopicWithLeaders(admin: KafkaAdmin, topic: TopicConfig, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let createdHere = false;
  let lastError: unknown;
  for (;;) {
    try {
      if (!(await admin.listTopics()).includes(topic.topic)) {
        createdHere = (await admin.createTopics({ waitForLeaders: true, topics: [topic] })) || createdHere;
        return createdHere;
      }
      const metadata = await admin.fetchTopicMetadata({ topics: [topic.topic] });
      const partitions = metadata.topics[0]?.partitions ?? [];
      if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return createdHere;
    } catch (e) {
      lastError = e;
      createdHere = true; // the failed call may have created it: the listing decides on the next pass
    }
    if (Date.now() >= deadline) throw lastError instanceof Error ? lastError : new Error(`topic ${topic.topic} has no leaders after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
