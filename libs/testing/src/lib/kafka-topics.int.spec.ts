import { kafkaSaslFromEnv } from '@massage/contracts';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { testKafka } from './environment';
import { uniqueName } from './kafka';
import { ensureTopics, TopicPartitionCountMismatchError } from './kafka-topics';

jest.setTimeout(60_000);

describe('ensureTopics (real Kafka)', () => {
  let brokers: string[];
  let admin: Admin;
  const [existing, fresh] = [uniqueName('test.ensure'), uniqueName('test.ensure-new')];

  beforeAll(async () => {
    ({ brokers } = await testKafka());
    admin = new Kafka({ clientId: uniqueName('spec'), brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }).admin();
    await admin.connect();
  });

  afterAll(async () => {
    const mine = (await admin.listTopics()).filter((t) => t === existing || t === fresh);
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    await admin.disconnect();
  });

  const partitions = async (topic: string): Promise<number> => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.length ?? 0;

  it('creates a missing topic, then leaves it as it is', async () => {
    expect(await ensureTopics(brokers, [{ name: existing, partitions: 2 }])).toMatchObject({ created: [existing], unchanged: [] });
    expect(await ensureTopics(brokers, [{ name: existing, partitions: 2 }])).toMatchObject({ created: [], unchanged: [existing] });
    expect(await partitions(existing)).toBe(2);
  });

  it.each([3, 1])('refuses to change an existing topic of 2 partitions to %i (naming it and both counts), and creates nothing', async (declared) => {
    const attempt = ensureTopics(brokers, [
      { name: fresh, partitions: 1 },
      { name: existing, partitions: declared },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(TopicPartitionCountMismatchError);
    await expect(attempt).rejects.toThrow(`topic ${existing} has 2 partitions, ${declared} declared`);
    expect(await partitions(existing)).toBe(2); // before: silently grown to 3, remapping keys
    expect(await admin.listTopics()).not.toContain(fresh);
  });
});
