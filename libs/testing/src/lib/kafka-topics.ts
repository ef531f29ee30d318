import { CONSUMER_GROUPS, TOPICS } from '@massage/contracts';
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
  readonly expanded: string[];
  readonly unchanged: string[];
  /** Differences that are not fixed automatically (e.g. more partitions or another cleanup policy). */
  readonly warnings: string[];
}

/**
 * Creates missing topics and adds partitions to existing ones that have fewer than declared.
 * Idempotent and safe to run concurrently: an existing topic is otherwise left as it is
 * (partitions cannot be removed, and a cleanup-policy change is a decision for a person).
 */
export async function ensureTopics(
  brokers: string[],
  topics: readonly TopicSpec[],
  clientId = 'massage-ensure-topics',
): Promise<EnsureTopicsReport> {
  const report: EnsureTopicsReport = { created: [], expanded: [], unchanged: [], warnings: [] };
  const admin = new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    for (const spec of topics) {
      const topic = { ...spec, cleanupPolicy: spec.cleanupPolicy ?? 'delete' };
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: topic.name,
            numPartitions: topic.partitions,
            configEntries: [{ name: 'cleanup.policy', value: topic.cleanupPolicy }],
          },
        ],
      });
      if (created) {
        report.created.push(topic.name);
        continue;
      }
      const metadata = await admin.fetchTopicMetadata({ topics: [topic.name] });
      const current = metadata.topics[0]?.partitions.length ?? 0;
      if (current < topic.partitions) {
        await admin.createPartitions({ topicPartitions: [{ topic: topic.name, count: topic.partitions }] });
        report.expanded.push(`${topic.name} (${current} -> ${topic.partitions} partitions)`);
      } else {
        if (current > topic.partitions) {
          report.warnings.push(`${topic.name} has ${current} partitions, more than the ${topic.partitions} declared`);
        }
        report.unchanged.push(topic.name);
      }
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
