import { kafkaSaslFromEnv } from '@massage/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { testKafka } from './environment';
import { collectTopic, createTestTopic, uniqueName, type TestTopic } from './kafka';

jest.setTimeout(60_000);

describe('collectTopic (real Kafka: KAFKA_BROKERS or a container)', () => {
  let brokers: string[];
  let topic: TestTopic;

  beforeAll(async () => {
    ({ brokers } = await testKafka());
    topic = await createTestTopic(brokers, 'collect', { partitions: 3 });
  });

  afterAll(async () => {
    await topic?.drop();
  });

  it('round-trips a keyed message with headers and sees only what was produced after it started', async () => {
    const kafka = new Kafka({ clientId: uniqueName('spec'), brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await producer.send({ topic: topic.name, messages: [{ key: 'before', value: 'old' }] });

      const collector = await collectTopic(brokers, topic.name, { groupIdPrefix: 'spec' });
      try {
        await producer.send({
          topic: topic.name,
          acks: -1,
          messages: [{ key: 'client-1', value: '{"hello":"kafka"}', headers: { ce_type: 'massage.test.Hello.v1', ce_id: 'abc' } }],
        });
        const [message] = await collector.waitForMessages(1, { timeoutMs: 20_000 });
        expect(message).toMatchObject({
          topic: topic.name,
          key: 'client-1',
          value: '{"hello":"kafka"}',
          headers: { ce_type: 'massage.test.Hello.v1', ce_id: 'abc' },
        });
        expect(collector.messages.map((m) => m.key)).toEqual(['client-1']);
        expect(collector.groupId).toMatch(/^spec-/);
      } finally {
        await collector.stop();
      }

      const everything = await collectTopic(brokers, topic.name, { fromBeginning: true });
      try {
        const all = await everything.waitForMessages(2, { timeoutMs: 20_000 });
        expect(all.map((m) => m.key).sort()).toEqual(['before', 'client-1']);
      } finally {
        await everything.stop();
      }
    } finally {
      await producer.disconnect();
    }
  });

  it('collects every message exactly once while a producer keeps writing during the join', async () => {
    const single = await createTestTopic(brokers, 'collect-busy', { partitions: 1 });
    const producer = new Kafka({ clientId: uniqueName('spec'), brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }).producer();
    await producer.connect();
    let writing = true;
    let sent = 0;
    const writer = (async () => {
      while (writing) {
        await producer.send({ topic: single.name, messages: [{ key: 'k', value: String(sent++) }] });
      }
    })();
    try {
      const collector = await collectTopic(brokers, single.name);
      try {
        await collector.waitForMessages(20, { timeoutMs: 20_000 });
        writing = false;
        await writer;
        const last = String(sent - 1);
        await collector.waitForMessages(1, { predicate: (m) => m.value === last, timeoutMs: 20_000 });
        const values = collector.messages.map((m) => Number(m.value));
        const first = values[0] ?? 0;
        // Contiguous and without repeats: nothing after the start was lost or delivered twice.
        expect(values).toEqual(Array.from({ length: values.length }, (_, i) => first + i));
        expect(values[values.length - 1]).toBe(sent - 1);
      } finally {
        await collector.stop();
      }
    } finally {
      writing = false;
      await writer.catch(() => undefined);
      await producer.disconnect();
      await single.drop();
    }
  });
});
