/**
 * Creates every topic the services need on KAFKA_BROKERS: the event catalogue's topics (TOPICS in
 * @massage/contracts, with their partition counts and cleanup policies) and one `<group>.dlq`
 * per consumer group. Idempotent: existing topics are kept as they are; one whose partition count
 * differs from the catalogue fails the run with an error naming it and both counts (adding partitions
 * would remap keys). Run through infra/kafka/create-topics.sh.
 */
import { kafkaSaslFromEnv } from '@massage/contracts';
import { ensureTopics, infrastructureTopics, kafkaBrokers, waitFor } from '@massage/testing';
import { Kafka, logLevel } from 'kafkajs';

/**
 * A fresh broker creates and loads its group coordinator (__consumer_offsets) at the first group
 * lookup; until then joins fail with "not the correct coordinator". Ask once here, and wait, so the
 * first consumer of a new stack (a service, a test) does not meet it.
 */
async function warmGroupCoordinator(brokers: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'massage-create-topics-warmup', brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }).admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        try {
          await admin.describeGroups(['massage-coordinator-warmup']);
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs: 60_000, description: 'the group coordinator to load' },
    );
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const brokers = kafkaBrokers({ KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092' });
  const topics = infrastructureTopics();
  const report = await ensureTopics(brokers, topics, 'massage-create-topics');
  const byName = new Map(topics.map((t) => [t.name, t]));
  const describe = (name: string): string => {
    const topic = byName.get(name);
    return topic ? `${name} (${topic.partitions} partitions, ${topic.cleanupPolicy})` : name;
  };
  for (const name of report.created) console.log(`created   ${describe(name)}`);
  for (const name of report.unchanged) console.log(`exists    ${describe(name)}`);
  for (const warning of report.warnings) console.warn(`WARNING   ${warning}`);
  console.log(`${topics.length} topics in place on ${brokers.join(',')}`);
  await warmGroupCoordinator(brokers);
}

main().catch((error: unknown) => {
  console.error(`create-topics failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
