import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { deadLetterTopicName } from '@massage/contracts';
import type { Admin, Kafka, Producer } from 'kafkajs';
import {
  connectedProducer,
  createTestDatabase,
  createTopics,
  deleteTopics,
  readTopic,
  testKafka,
  topicSize,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '../../test-support/integration.helpers';
import type { ReliableEventContext } from '../consumer/reliable-event.context';
import { DLQ_HEADERS, ReliableKafkaTransport, type AnyEventDefinition } from '../consumer/reliable-kafka.transport';
import { toKafkaMessage } from '../envelope/cloud-events.envelope';
import { messagingHealthChecks } from '../health/messaging-health.checks';
import { brokersFromEnv } from '../kafka/kafka.factory';
import { deadLetterCommand, readDeadLetters } from './dead-letter.tool';

jest.setTimeout(90_000);

describe('dead-letter tool (real broker and database)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let db: TestDatabase;
  const group = uniqueName('dlqtool');
  const dlq = deadLetterTopicName(group);
  const original = uniqueName('dlqtool_orig');
  const command = (args: string[]): Promise<string> => deadLetterCommand({ groups: [group], dataSourceOptions: () => db.options, kafka: () => kafka })(args);

  /** A record as ReliableKafkaTransport dead-letters it: the original key, value and ce_* headers plus dlq_* ones. */
  const deadLetter = async (eventId: string, key: string, failedAt: string, originalOffset: string): Promise<void> => {
    await producer.send({
      topic: dlq,
      acks: -1,
      messages: [
        {
          key,
          value: JSON.stringify({ intakeId: key }),
          headers: {
            ce_specversion: '1.0',
            ce_id: eventId,
            ce_type: 'massage.intake.IntakeCompleted.v1',
            ce_source: '/massage/intake',
            'content-type': 'application/json',
            [DLQ_HEADERS.reason]: 'handler-failed',
            [DLQ_HEADERS.error]: `boom ${eventId}`,
            [DLQ_HEADERS.attempts]: '5',
            [DLQ_HEADERS.originalTopic]: original,
            [DLQ_HEADERS.originalPartition]: '0',
            [DLQ_HEADERS.originalOffset]: originalOffset,
            [DLQ_HEADERS.consumerGroup]: group,
            [DLQ_HEADERS.failedAt]: failedAt,
          },
        },
      ],
    });
  };

  const first = randomUUID();
  const second = randomUUID();

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [original]);
    await createTopics(admin, [dlq], 2);
    producer = await connectedProducer(kafka);
    db = await createTestDatabase('dlqtool');
    await deadLetter(first, 'key-1', '2026-11-30T08:00:00.000Z', '4');
    await deadLetter(second, 'key-2', '2026-11-30T09:00:00.000Z', '7');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await deleteTopics(admin, [original, dlq]);
    await admin?.disconnect();
    await db?.drop();
  });

  it('list prints every dead letter from the beginning, and commits no offsets for any group', async () => {
    const out = await command(['list']);
    for (const expected of [first, second, 'key-1', 'key-2', 'handler-failed after 5 attempt(s)', `boom ${first}`, '2026-11-30T08:00:00.000Z', `from ${original}[0]@4`]) {
      expect(out).toContain(expected);
    }
    expect(out).toMatch(/2 dead letter\(s\)$/);
    // The most recent only, as JSON lines.
    const json = (await command(['list', '--group', group, '--limit', '1', '--json'])).split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json).toEqual([expect.objectContaining({ eventId: second, key: 'key-2', reason: 'handler-failed', attempts: 5, error: `boom ${second}`, originalTopic: original })]);

    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [dlq] });
    expect(committed?.partitions.every((p) => p.offset === '-1')).toBe(true);
    const { groups } = await admin.listGroups();
    expect(groups.filter((g) => g.groupId.startsWith(`${dlq}-tool-`))).toEqual([]);
  });

  it('replay --dry-run says what it would send and sends nothing', async () => {
    const out = await command(['replay', '--group', group, '--all', '--dry-run']);
    expect(out).toContain(`would republish ${first}`);
    expect(out).toContain(`would republish ${second}`);
    expect(await topicSize(admin, original)).toBe(0);
  });

  it('replay --event-id republishes that event to its original topic with the same ce_id and no dlq headers, and clears its attempts', async () => {
    await db.dataSource.query(
      `INSERT INTO consumer_attempt (consumer_group, event_id, attempts, last_error, next_attempt_at) VALUES ($1, $2, 5, 'boom', now()), ($1, $3, 5, 'boom', now())`,
      [group, first, second],
    );
    const out = await command(['replay', '--group', group, '--event-id', first]);
    expect(out).toContain(`republished ${first} massage.intake.IntakeCompleted.v1 key key-1 to ${original}`);
    expect(out).not.toContain(second);

    const [record] = await readTopic(kafka, original, 1);
    expect(record).toMatchObject({ key: 'key-1', value: JSON.stringify({ intakeId: 'key-1' }) });
    expect(record?.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: first,
      ce_type: 'massage.intake.IntakeCompleted.v1',
      ce_source: '/massage/intake',
      'content-type': 'application/json',
    });
    expect(await topicSize(admin, original)).toBe(1);
    const attempts = (await db.dataSource.query(`SELECT event_id FROM consumer_attempt WHERE consumer_group = $1`, [group])) as { event_id: string }[];
    expect(attempts).toEqual([{ event_id: second }]);
  });

  it('replay --since takes those that failed since then; an event the group already applied is flagged', async () => {
    await db.dataSource.query(`INSERT INTO inbox (consumer_group, event_id, event_type) VALUES ($1, $2, 'massage.intake.IntakeCompleted.v1')`, [group, second]);
    const out = await command(['replay', '--group', group, '--since', '2026-11-30T08:30:00Z']);
    expect(out).toContain(`republished ${second}`);
    expect(out).toContain('already applied by the group');
    expect(out).not.toContain(first);
    expect(await topicSize(admin, original)).toBe(2);
  });

  it('reads an empty or missing dead-letter topic plainly', async () => {
    const empty = deadLetterTopicName(uniqueName('dlqtool_empty'));
    await createTopics(admin, [empty]);
    try {
      expect(await readDeadLetters(kafka, empty)).toEqual([]);
    } finally {
      await deleteTopics(admin, [empty]);
    }
    await expect(readDeadLetters(kafka, deadLetterTopicName(uniqueName('dlqtool_none')))).rejects.toThrow(/does not exist/);
  });
});

// ---- a round trip through a real ReliableKafkaTransport: fail, dead-letter, fix, replay, applied ----

const ThingHappened: AnyEventDefinition = {
  name: 'ThingHappened',
  version: 1,
  type: 'massage.test.ThingHappened.v1',
  producer: 'test',
  topic: 'set per test',
  keyDescription: 'the thing',
  key: (p: never) => (p as { thingId: string }).thingId,
  description: 'test event',
  schema: { type: 'object', properties: { thingId: { type: 'string' } }, required: ['thingId'] },
};

/** What the handler saw; it throws while `failing`. */
const calls: { eventId: string; attempt: number }[] = [];
let failing = true;

@Controller()
class ThingHandler {
  @EventPattern(ThingHappened.type)
  async onThing(@Ctx() ctx: ReliableEventContext): Promise<void> {
    calls.push({ eventId: ctx.envelope.id, attempt: ctx.attempt });
    if (failing) throw new Error('mail server refuses everything');
  }
}

@Module({ controllers: [ThingHandler] })
class ThingModule {}

describe('dead-letter tool with a real consumer', () => {
  let kafka: Kafka;
  let admin: Admin;
  let db: TestDatabase;
  let app: INestMicroservice | undefined;
  const group = uniqueName('dlqtool_consumer');
  const dlq = deadLetterTopicName(group);
  const topic = uniqueName('dlqtool_things');

  beforeAll(async () => {
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic, dlq]);
    db = await createTestDatabase('dlqtool_consumer');
    const transport = new ReliableKafkaTransport({
      brokers: brokersFromEnv(),
      groupId: group,
      topics: [topic],
      dataSource: db.dataSource,
      definitions: [{ ...ThingHappened, topic }],
      fromBeginning: true,
      maxAttempts: 2,
      initialBackoffMs: 10,
      maxBackoffMs: 40,
      consumerConfig: { maxWaitTimeInMs: 200 },
    });
    app = await NestFactory.createMicroservice(ThingModule, { strategy: transport, logger: false, abortOnError: false });
    await app.listen();
  });

  afterAll(async () => {
    await app?.close();
    await deleteTopics(admin, [topic, dlq]);
    await admin?.disconnect();
    await db?.drop();
  });

  it('the consumer shows in the readiness detail of its DataSource', async () => {
    const consumers = messagingHealthChecks(db.dataSource, { source: 'test', kafka, outbox: false, consumers: true }).find((c) => c.name === 'consumers');
    await waitFor('the consumer to show as connected', async () => JSON.stringify(await consumers?.check()) === JSON.stringify({ [group]: 'connected' }));
  });

  it('a record that failed every attempt is listed, and once the cause is fixed a replay gets it applied with fresh attempts', async () => {
    const id = randomUUID();
    const thingId = randomUUID();
    const producer = await connectedProducer(kafka);
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: [toKafkaMessage({ id, type: ThingHappened.type, source: '/massage/test', time: new Date().toISOString(), subject: thingId, correlationId: id, data: { thingId } })],
      });
    } finally {
      await producer.disconnect();
    }
    await waitFor('the dead letter', async () => (await topicSize(admin, dlq)) === 1, 60_000);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2]);

    const command = deadLetterCommand({ groups: [group], dataSourceOptions: () => db.options, kafka: () => kafka });
    const listed = await command(['list']);
    expect(listed).toContain(`handler-failed after 2 attempt(s)  id ${id}  type ${ThingHappened.type}  key ${thingId}  from ${topic}[0]@0`);
    expect(listed).toContain('error: mail server refuses everything');

    failing = false;
    expect(await command(['replay', '--group', group, '--event-id', id])).toContain(`republished ${id}`);
    await waitFor('the replayed event applied', async () => {
      const rows = (await db.dataSource.query(`SELECT 1 FROM inbox WHERE consumer_group = $1 AND event_id = $2`, [group, id])) as unknown[];
      return rows.length === 1;
    }, 60_000);
    expect(calls.slice(2)).toEqual([{ eventId: id, attempt: 1 }]);
    // The tool read the DLQ without committing anything for the consumer's group there.
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [dlq] });
    expect(committed?.partitions.every((p) => p.offset === '-1')).toBe(true);
  });
});
