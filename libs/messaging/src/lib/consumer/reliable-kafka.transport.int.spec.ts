import { randomUUID } from 'node:crypto';
import { createConnection, createServer, type Server as NetServer, type Socket } from 'node:net';
import { Controller, Inject, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { IntakeCompleted, kafkaSaslFromEnv, type EventDefinition, type IntakeCompletedV1 } from '@massage/contracts';
import { Kafka as KafkaClient, logLevel, type Admin, type Kafka, type Message, type Producer } from 'kafkajs';
import {
  connectedProducer,
  createTestDatabase,
  createTopics,
  deleteTopics,
  groupCaughtUp,
  readTopic,
  testKafka,
  topicSize,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '../../test-support/integration.helpers';
import { toKafkaMessage, type EventEnvelope } from '../envelope/cloud-events.envelope';
import { brokersFromEnv } from '../kafka/kafka.factory';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { OutboxWriter } from '../outbox/outbox-writer.service';
import type { ReliableEventContext } from './reliable-event.context';
import { MissingDeadLetterTopicError, ReliableKafkaTransport, type ReliableKafkaTransportOptions } from './reliable-kafka.transport';

jest.setTimeout(90_000);

// ---- the handler under test: an ordinary Nest event handler that writes through ctx.manager ----

interface Probe {
  calls: { eventId: string; intakeId: string; attempt: number }[];
  failIntakeIds: Set<string>;
  hold?: { intakeId: string; entered: () => void; release: Promise<void> };
  /** Extra work of the handler for one intake, after its `applied` row (it may throw, lock, hang). */
  act: Map<string, (ctx: ReliableEventContext) => Promise<void>>;
}
const PROBE = Symbol('PROBE');

@Controller()
class IntakeTestHandlers {
  constructor(@Inject(PROBE) private readonly probe: Probe) {}

  @EventPattern(IntakeCompleted.type)
  async onIntakeCompleted(@Payload() data: IntakeCompletedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    this.probe.calls.push({ eventId: ctx.envelope.id, intakeId: data.intakeId, attempt: ctx.attempt });
    await ctx.manager.query(`INSERT INTO applied (event_id, intake_id) VALUES ($1, $2)`, [ctx.envelope.id, data.intakeId]);
    const hold = this.probe.hold;
    if (hold && hold.intakeId === data.intakeId) {
      hold.entered();
      await hold.release;
    }
    if (this.probe.failIntakeIds.has(data.intakeId)) throw new Error(`boom: cannot apply intake ${data.intakeId}`);
    await this.probe.act.get(data.intakeId)?.(ctx);
  }
}

@Module({})
class TestConsumerModule {
  static with(probe: Probe): DynamicModule {
    return { module: TestConsumerModule, controllers: [IntakeTestHandlers], providers: [{ provide: PROBE, useValue: probe }] };
  }
}

function newProbe(): Probe {
  return { calls: [], failIntakeIds: new Set(), act: new Map() };
}

function intake(overrides: Partial<IntakeCompletedV1> = {}): IntakeCompletedV1 {
  return {
    intakeId: randomUUID(),
    clientId: randomUUID(),
    locationId: 'uptown',
    formVersion: '2026-11',
    completedAt: '2026-11-27T10:00:00.000Z',
    consentGivenAt: '2026-11-27T09:59:00.000Z',
    conditionCodes: [],
    medicationCodes: ['analgesic'],
    recentInjuryOrSurgery: true,
    painReports: [{ region: 'neck', rating: 4 }],
    pressurePreference: 'firm',
    goalCount: 2,
    ...overrides,
  };
}

function envelopeOf(data: unknown, type = IntakeCompleted.type, subject: string = randomUUID()): EventEnvelope<unknown> {
  const id = randomUUID();
  return { id, type, source: '/massage/test', time: new Date().toISOString(), subject, correlationId: id, data };
}

describe('ReliableKafkaTransport in a Nest microservice (PostgreSQL + Kafka)', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const topics: string[] = [];
  const apps: INestMicroservice[] = [];
  /** Releases the handlers a test left hanging. */
  const hung: (() => void)[] = [];

  function hangUntilReleased(): Promise<void> {
    return new Promise<void>((resolve) => hung.push(resolve));
  }

  async function attemptsOf(groupId: string, eventId: string): Promise<{ attempts: number; last_error: string } | undefined> {
    const rows = (await db.dataSource.query(`SELECT attempts, last_error FROM consumer_attempt WHERE consumer_group = $1 AND event_id = $2`, [
      groupId,
      eventId,
    ])) as { attempts: number; last_error: string }[];
    return rows[0];
  }

  async function memberIds(groupId: string): Promise<string[]> {
    const [group] = (await admin.describeGroups([groupId])).groups;
    return (group?.members ?? []).map((m) => m.memberId);
  }

  async function testTopic(partitions = 1): Promise<EventDefinition<IntakeCompletedV1>> {
    const topic = uniqueName('consumer.test');
    topics.push(topic);
    await createTopics(admin, [topic], partitions);
    return { ...IntakeCompleted, topic };
  }

  /** Creates the group's DLQ topic, as `infra/kafka/create-topics.sh` does for the catalogue's groups (idempotent). */
  async function dlqTopicOf(groupId: string, partitions = 1): Promise<string> {
    const dlq = `${groupId}.dlq`;
    topics.push(dlq);
    await createTopics(admin, [dlq], partitions);
    return dlq;
  }

  async function startConsumer(
    probe: Probe,
    opts: Pick<ReliableKafkaTransportOptions, 'groupId' | 'topics'> & Partial<ReliableKafkaTransportOptions>,
    { createDlq = true }: { createDlq?: boolean } = {},
  ): Promise<{ app: INestMicroservice; transport: ReliableKafkaTransport }> {
    if (createDlq) await dlqTopicOf(opts.groupId);
    else topics.push(`${opts.groupId}.dlq`);
    const transport = new ReliableKafkaTransport({
      brokers: brokersFromEnv(),
      dataSource: db.dataSource,
      fromBeginning: true,
      initialBackoffMs: 10,
      maxBackoffMs: 40,
      consumerConfig: { maxWaitTimeInMs: 200 },
      reconnectBackoff: { initialMs: 200, maxMs: 1000 },
      ...opts,
    });
    const app = await NestFactory.createMicroservice(TestConsumerModule.with(probe), {
      strategy: transport,
      logger: process.env['TEST_LOGS'] ? ['log', 'warn', 'error'] : false,
      abortOnError: false,
    });
    apps.push(app);
    await app.listen();
    return { app, transport };
  }

  async function publish(topic: string, ...messages: Message[]): Promise<void> {
    await producer.send({ topic, acks: -1, messages });
  }

  async function appliedIntakeIds(): Promise<string[]> {
    const rows = (await db.dataSource.query(`SELECT intake_id FROM applied ORDER BY id`)) as { intake_id: string }[];
    return rows.map((r) => r.intake_id);
  }

  async function inboxIds(groupId: string): Promise<string[]> {
    const rows = (await db.dataSource.query(`SELECT event_id FROM inbox WHERE consumer_group = $1`, [groupId])) as { event_id: string }[];
    return rows.map((r) => r.event_id);
  }

  beforeAll(async () => {
    db = await createTestDatabase('consumer', [
      `CREATE TABLE applied (id bigserial PRIMARY KEY, event_id uuid NOT NULL, intake_id uuid NOT NULL)`,
      `CREATE TABLE locks (id int PRIMARY KEY)`,
      `INSERT INTO locks VALUES (1)`,
    ]);
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    producer = await connectedProducer(kafka);
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const release of hung.splice(0)) release();
    await db.dataSource.query('TRUNCATE applied, inbox, outbox, consumer_attempt');
  });

  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(admin, topics);
    await admin.disconnect();
    await db.drop();
  });

  it('(c) a relay killed after publishing and before marking republishes; the consumer applies the event once', async () => {
    const def = await testTopic(3);
    const writer = new OutboxWriter('intake');
    const payload = intake();
    const env = await db.dataSource.transaction((m) => writer.enqueue(m, def, payload));

    const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const crashing = new OutboxRelay({
      dataSource: db.dataSource,
      kafka,
      logger: quiet,
      hooks: { afterPublish: async () => Promise.reject(new Error('simulated crash after the Kafka ack')) },
    });
    await expect(crashing.drainOnce()).rejects.toThrow('simulated crash');
    await crashing.stop();
    const [row] = (await db.dataSource.query(`SELECT published_at FROM outbox WHERE id = $1`, [env.id])) as { published_at: Date | null }[];
    expect(row?.published_at).toBeNull();

    const healthy = new OutboxRelay({ dataSource: db.dataSource, kafka, logger: quiet });
    expect(await healthy.drainOnce()).toBe(1);
    await healthy.stop();

    const records = await readTopic(kafka, def.topic, 2);
    expect(records.map((r) => r.headers['ce_id'])).toEqual([env.id, env.id]);

    const groupId = uniqueName('group.c');
    const probe = newProbe();
    const { transport } = await startConsumer(probe, { groupId, topics: [def.topic], definitions: [def] });
    await waitFor('the group to consume both copies', () => groupCaughtUp(admin, groupId, def.topic));

    expect(await appliedIntakeIds()).toEqual([payload.intakeId]);
    expect(await inboxIds(groupId)).toEqual([env.id]);
    expect(probe.calls).toHaveLength(1);
    expect(transport.getStats()).toMatchObject({ applied: 1, duplicates: 1 });
  });

  it('(d) dead-letters a record whose handler always fails after maxAttempts, and the partition moves on', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.d');
    const probe = newProbe();
    const failing = intake();
    const later = intake();
    probe.failIntakeIds.add(failing.intakeId);
    const failingMessage = toKafkaMessage(envelopeOf(failing, IntakeCompleted.type, failing.clientId));
    const laterEnv = envelopeOf(later);
    await publish(def.topic, failingMessage, toKafkaMessage(laterEnv));

    const { transport } = await startConsumer(probe, { groupId, topics: [def.topic], definitions: [def], maxAttempts: 3 });

    const [dead] = await readTopic(kafka, `${groupId}.dlq`, 1);
    expect(dead?.key).toBe(failingMessage.key);
    expect(dead?.value).toBe(failingMessage.value);
    expect(dead?.headers).toMatchObject({
      ...failingMessage.headers,
      dlq_reason: 'handler-failed',
      dlq_attempts: '3',
      dlq_original_topic: def.topic,
      dlq_original_partition: '0',
      dlq_original_offset: '0',
      dlq_consumer_group: groupId,
    });
    expect(dead?.headers['dlq_error']).toContain(`boom: cannot apply intake ${failing.intakeId}`);
    expect(Number.isNaN(Date.parse(dead?.headers['dlq_failed_at'] ?? ''))).toBe(false);

    await waitFor('the later record to be applied', async () => (await appliedIntakeIds()).includes(later.intakeId));
    await waitFor('offsets committed past both records', () => groupCaughtUp(admin, groupId, def.topic));
    // The failed attempts were rolled back: only the later record left rows behind.
    expect(await appliedIntakeIds()).toEqual([later.intakeId]);
    expect(await inboxIds(groupId)).toEqual([laterEnv.id]);
    expect(probe.calls.filter((c) => c.intakeId === failing.intakeId).map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(transport.getStats()).toMatchObject({ applied: 1, deadLettered: 1, retries: 2 });
  });

  it('(d2) records of one batch share a transaction: a failing record rolls back only itself, the ones before it commit once', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.d2');
    const probe = newProbe();
    const [before, failing, after] = [intake(), intake(), intake()];
    probe.failIntakeIds.add(failing.intakeId);
    await publish(def.topic, ...[before, failing, after].map((d) => toKafkaMessage(envelopeOf(d))));

    const { transport } = await startConsumer(probe, { groupId, topics: [def.topic], definitions: [def], maxAttempts: 2 });

    const [dead] = await readTopic(kafka, `${groupId}.dlq`, 1);
    expect(dead?.headers).toMatchObject({ dlq_reason: 'handler-failed', dlq_attempts: '2', dlq_original_offset: '1' });
    await waitFor('offsets committed past the three records', () => groupCaughtUp(admin, groupId, def.topic));
    expect(await appliedIntakeIds()).toEqual([before.intakeId, after.intakeId]);
    // The record before the failing one committed with its group: never handled again.
    expect(probe.calls.filter((c) => c.intakeId === before.intakeId)).toHaveLength(1);
    expect(transport.getStats()).toMatchObject({ applied: 2, deadLettered: 1, retries: 1 });
  });

  it('(d3) a handler past its deadline loses the records applied before it in its transaction; they are applied again, once', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.d3');
    const probe = newProbe();
    const [before, slow, after] = [intake(), intake(), intake()];
    let first = true;
    probe.act.set(slow.intakeId, async () => {
      if (!first) return;
      first = false;
      await hangUntilReleased();
    });
    await publish(def.topic, ...[before, slow, after].map((d) => toKafkaMessage(envelopeOf(d))));

    const { transport } = await startConsumer(probe, {
      groupId,
      topics: [def.topic],
      definitions: [def],
      handlerTimeoutMs: 1000,
      consumerConfig: { maxWaitTimeInMs: 200, sessionTimeout: 6000, heartbeatInterval: 1000 },
    });

    await waitFor('offsets committed past the three records', () => groupCaughtUp(admin, groupId, def.topic));
    await waitFor('the three records applied', async () => (await appliedIntakeIds()).length === 3);
    expect(await appliedIntakeIds()).toEqual([before.intakeId, slow.intakeId, after.intakeId]);
    expect(probe.calls.filter((c) => c.intakeId === slow.intakeId).map((c) => c.attempt)).toEqual([1, 2]);
    expect(transport.getStats()).toMatchObject({ applied: 3, timeouts: 1, retries: 1, deadLettered: 0 });
  });

  it('(e) dead-letters unparseable and schema-invalid records at once, applies nothing for them, and skips unknown types', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.e');
    const probe = newProbe();
    const notJson: Message = { ...toKafkaMessage(envelopeOf(intake())), value: '{"intakeId": oops' };
    const noHeaders: Message = { key: randomUUID(), value: JSON.stringify(intake()) };
    const invalid = toKafkaMessage(envelopeOf(intake({ goalCount: -1 })));
    const unknownType = toKafkaMessage(envelopeOf({ anything: true }, 'massage.other.SomethingElse.v1'));
    const sentinel = intake();
    const sentinelEnv = envelopeOf(sentinel);
    await publish(def.topic, notJson, noHeaders, invalid, unknownType, toKafkaMessage(sentinelEnv));

    const { transport } = await startConsumer(probe, { groupId, topics: [def.topic], definitions: [def] });

    const dead = await readTopic(kafka, `${groupId}.dlq`, 3);
    expect(dead.map((d) => d.headers['dlq_reason'])).toEqual(['unparseable', 'unparseable', 'schema-invalid']);
    expect(dead.map((d) => d.headers['dlq_original_offset'])).toEqual(['0', '1', '2']);
    expect(dead.map((d) => d.headers['dlq_attempts'])).toEqual(['0', '0', '0']);
    expect(dead[0]?.headers['dlq_error']).toMatch(/not JSON/);
    expect(dead[1]?.headers['dlq_error']).toMatch(/ce_specversion/);
    expect(dead[2]?.headers['dlq_error']).toMatch(/goalCount/);
    expect(dead[2]?.value).toBe(invalid.value);

    await waitFor('the sentinel to be applied', async () => (await appliedIntakeIds()).length > 0);
    await waitFor('offsets committed to the end', () => groupCaughtUp(admin, groupId, def.topic));
    expect(await appliedIntakeIds()).toEqual([sentinel.intakeId]);
    expect(await inboxIds(groupId)).toEqual([sentinelEnv.id]);
    expect(probe.calls.map((c) => c.intakeId)).toEqual([sentinel.intakeId]);
    expect(await topicSize(admin, `${groupId}.dlq`)).toBe(3);
    expect(transport.getStats()).toMatchObject({ applied: 1, skipped: 1, deadLettered: 3, retries: 0 });
  });

  it('(f) closing the app finishes the record in hand, commits and leaves the group; the next consumer does not redeliver', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.f');
    const [first, held, third] = [intake(), intake(), intake()];
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const probe1: Probe = { ...newProbe(), hold: { intakeId: held.intakeId, entered: () => entered(), release: new Promise<void>((r) => (release = r)) } };
    await publish(def.topic, ...[first, held, third].map((p) => toKafkaMessage(envelopeOf(p))));

    const { app: app1 } = await startConsumer(probe1, { groupId, topics: [def.topic], definitions: [def] });
    await inHandler; // the second record is being handled
    const closing = app1.close();
    release();
    await closing;
    apps.splice(apps.indexOf(app1), 1);

    expect(await appliedIntakeIds()).toEqual([first.intakeId, held.intakeId]);
    expect(probe1.calls.map((c) => c.intakeId)).toEqual([first.intakeId, held.intakeId]);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [def.topic] });
    expect(committed?.partitions).toEqual([{ partition: 0, offset: '2', metadata: null }]);
    const [group] = (await admin.describeGroups([groupId])).groups;
    expect(group?.members).toEqual([]);
    expect(group?.state).toBe('Empty');

    const probe2 = newProbe();
    const { transport: t2 } = await startConsumer(probe2, { groupId, topics: [def.topic], definitions: [def] });
    await waitFor('the second consumer to apply the third record', async () => (await appliedIntakeIds()).length === 3);
    await waitFor('the group to commit to the end', () => groupCaughtUp(admin, groupId, def.topic));
    expect(probe2.calls.map((c) => c.intakeId)).toEqual([third.intakeId]);
    expect(t2.getStats()).toMatchObject({ applied: 1, duplicates: 0 });
  });

  it('(g) without its DLQ topic it does not join its group, says why (naming the script), creates nothing, and starts once the topic exists', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.g');
    const { transport } = await startConsumer(newProbe(), { groupId, topics: [def.topic], definitions: [def] }, { createDlq: false });
    const health = await waitFor('the DLQ check to fail', () => (transport.health().status === 'dlq-missing' ? transport.health() : undefined));
    expect(health.connected).toBe(false);
    expect(health.error).toBe(new MissingDeadLetterTopicError(`${groupId}.dlq`, groupId).message);
    expect(health.error).toContain('bash infra/kafka/create-topics.sh');
    expect(await admin.listTopics()).not.toContain(`${groupId}.dlq`);
    const [group] = (await admin.describeGroups([groupId])).groups;
    expect(group?.members ?? []).toEqual([]); // it never joined the group

    await dlqTopicOf(groupId);
    const payload = intake();
    await publish(def.topic, toKafkaMessage(envelopeOf(payload)));
    await waitFor('the record to be applied once the DLQ topic exists', async () => (await appliedIntakeIds()).includes(payload.intakeId));
    expect(transport.health()).toMatchObject({ connected: true, status: 'connected' });
  });

  it('(h) with createDlqTopic: { partitions } creates the missing DLQ topic with that many partitions', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.h');
    const { transport } = await startConsumer(
      newProbe(),
      { groupId, topics: [def.topic], definitions: [def], createDlqTopic: { partitions: 2 } },
      { createDlq: false },
    );
    await waitFor('the consumer to connect', () => transport.health().connected);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [`${groupId}.dlq`] })).topics;
    expect(metadata?.partitions).toHaveLength(2);
  });

  it('(i) a handler slower than its deadline (and than the session timeout) is a failed attempt: dead-lettered after maxAttempts, the member never evicted', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.i');
    const probe = newProbe();
    const slow = intake();
    const slowEnv = envelopeOf(slow);
    // Longer than the session timeout: without a deadline the member is evicted and the record loops at attempt 1.
    probe.act.set(slow.intakeId, () => new Promise((resolve) => setTimeout(resolve, 8000)));
    const later = intake();
    await publish(def.topic, toKafkaMessage(slowEnv), toKafkaMessage(envelopeOf(later)));

    const { transport } = await startConsumer(probe, {
      groupId,
      topics: [def.topic],
      definitions: [def],
      maxAttempts: 2,
      handlerTimeoutMs: 1500,
      consumerConfig: { maxWaitTimeInMs: 200, sessionTimeout: 6000, heartbeatInterval: 1000 },
    });
    await waitFor('the first attempt', () => probe.calls.length > 0);
    const [member] = await memberIds(groupId);

    const [dead] = await readTopic(kafka, `${groupId}.dlq`, 1, 40_000);
    expect(dead?.headers).toMatchObject({ ce_id: slowEnv.id, dlq_reason: 'handler-failed', dlq_attempts: '2' });
    expect(dead?.headers['dlq_error']).toContain('deadline of 1500 ms');
    await waitFor('the later record to be applied', async () => (await appliedIntakeIds()).includes(later.intakeId));
    expect(await appliedIntakeIds()).toEqual([later.intakeId]); // the slow attempts were rolled back
    expect(probe.calls.filter((c) => c.intakeId === slow.intakeId).map((c) => c.attempt)).toEqual([1, 2]);
    expect(await memberIds(groupId)).toEqual([member]); // same member all along: no eviction, no rejoin
    expect(await attemptsOf(groupId, slowEnv.id)).toBeUndefined();
    expect(transport.getStats()).toMatchObject({ applied: 1, deadLettered: 1, retries: 1, timeouts: 2 });
  });

  it('(j) a hung handler loses its transaction at the deadline: its row locks and its inbox row are free for the next owner', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.j');
    const probe = newProbe();
    const stuck = intake();
    const stuckEnv = envelopeOf(stuck);
    probe.act.set(stuck.intakeId, async (ctx) => {
      await ctx.manager.query(`SELECT id FROM locks WHERE id = 1 FOR UPDATE`);
      await hangUntilReleased();
    });
    await publish(def.topic, toKafkaMessage(stuckEnv));
    const { transport } = await startConsumer(probe, {
      groupId,
      topics: [def.topic],
      definitions: [def],
      handlerTimeoutMs: 1000,
      initialBackoffMs: 60_000,
      maxBackoffMs: 60_000,
    });

    const row = await waitFor('the timed-out attempt to be recorded', () => attemptsOf(groupId, stuckEnv.id));
    expect(row).toMatchObject({ attempts: 1 });
    expect(row.last_error).toContain('deadline of 1000 ms');
    // What the next owner of the partition would do: lock the same row and insert the same inbox row, without waiting.
    await db.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL lock_timeout = '500ms'`);
      expect(await m.query(`SELECT id FROM locks WHERE id = 1 FOR UPDATE`)).toEqual([{ id: 1 }]);
      await m.query(`INSERT INTO inbox (consumer_group, event_id, event_type) VALUES ($1, $2, $3)`, [groupId, stuckEnv.id, stuckEnv.type]);
      await m.query(`DELETE FROM inbox WHERE event_id = $1`, [stuckEnv.id]);
    });
    expect(await inboxIds(groupId)).toEqual([]);
    expect(transport.getStats()).toMatchObject({ applied: 0, retries: 1, timeouts: 1 });
  });

  it('(k) attempts survive a restart: a new transport instance goes on counting and dead-letters after maxAttempts in all', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.k');
    const probe = newProbe();
    const failing = intake();
    const failingEnv = envelopeOf(failing);
    probe.failIntakeIds.add(failing.intakeId);
    await publish(def.topic, toKafkaMessage(failingEnv));
    const opts = { groupId, topics: [def.topic], definitions: [def], maxAttempts: 3, initialBackoffMs: 1500, maxBackoffMs: 1500 };

    const { app: first } = await startConsumer(probe, opts);
    await waitFor('the first failed attempt to be recorded', async () => (await attemptsOf(groupId, failingEnv.id))?.attempts === 1);
    await first.close();
    apps.splice(apps.indexOf(first), 1);
    expect(await attemptsOf(groupId, failingEnv.id)).toMatchObject({ attempts: 1 });

    const { transport: second } = await startConsumer(probe, opts);
    const [dead] = await readTopic(kafka, `${groupId}.dlq`, 1, 30_000);
    expect(dead?.headers).toMatchObject({ ce_id: failingEnv.id, dlq_attempts: '3' });
    expect(probe.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    await waitFor('the row to go once dead-lettered', async () => (await attemptsOf(groupId, failingEnv.id)) === undefined);
    expect(second.getStats()).toMatchObject({ deadLettered: 1, retries: 1 });
  });

  it('(l) a record waiting for its retry on partition 0 does not stop partition 1', async () => {
    const def = await testTopic(2);
    const groupId = uniqueName('group.l');
    const probe = newProbe();
    const failing = intake();
    const failingEnv = envelopeOf(failing);
    probe.failIntakeIds.add(failing.intakeId);
    await publish(def.topic, { ...toKafkaMessage(failingEnv), partition: 0 });
    // The retry is due in a minute: everything below happens while it waits.
    await startConsumer(probe, { groupId, topics: [def.topic], definitions: [def], maxAttempts: 2, initialBackoffMs: 60_000, maxBackoffMs: 60_000 });
    await waitFor('the first attempt', () => probe.calls.length === 1);

    const others = [intake(), intake(), intake()];
    await publish(def.topic, ...others.map((p) => ({ ...toKafkaMessage(envelopeOf(p)), partition: 1 })));
    await waitFor('partition 1 to be applied', async () => (await appliedIntakeIds()).length === others.length);
    expect(await appliedIntakeIds()).toEqual(others.map((p) => p.intakeId));
    expect(await attemptsOf(groupId, failingEnv.id)).toMatchObject({ attempts: 1 });
    expect(await topicSize(admin, `${groupId}.dlq`)).toBe(0);
    expect(probe.calls.filter((c) => c.intakeId === failing.intakeId)).toHaveLength(1);
  });

  it('(m) a later record of the same key waits behind the failing one (the partition is held), so the key keeps its order', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.m');
    const probe = newProbe();
    const clientId = randomUUID();
    const [first, second] = [intake({ clientId }), intake({ clientId })];
    let failures = 0;
    probe.act.set(first.intakeId, async () => {
      if (failures < 2) {
        failures += 1;
        throw new Error('not yet');
      }
    });
    await publish(def.topic, toKafkaMessage(envelopeOf(first, IntakeCompleted.type, clientId)), toKafkaMessage(envelopeOf(second, IntakeCompleted.type, clientId)));
    await startConsumer(probe, { groupId, topics: [def.topic], definitions: [def], initialBackoffMs: 300, maxBackoffMs: 300 });

    await waitFor('both records to be applied', async () => (await appliedIntakeIds()).length === 2);
    expect(await appliedIntakeIds()).toEqual([first.intakeId, second.intakeId]);
    expect(probe.calls.map((c) => [c.intakeId, c.attempt])).toEqual([
      [first.intakeId, 1],
      [first.intakeId, 2],
      [first.intakeId, 3],
      [second.intakeId, 1],
    ]);
  });

  it('(m2) a database failure is not an attempt and holds its partition about a second, not the retry backoff', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.m2');
    const probe = newProbe();
    const event = intake();
    await db.dataSource.query('ALTER TABLE consumer_attempt RENAME TO consumer_attempt_away'); // the prologue fails
    try {
      await publish(def.topic, toKafkaMessage(envelopeOf(event)));
      const { transport } = await startConsumer(probe, { groupId, topics: [def.topic], definitions: [def], maxBackoffMs: 60_000 });
      await waitFor('the partition held after the failed transaction', () => transport.health().heldPartitions === 1);
    } finally {
      await db.dataSource.query('ALTER TABLE consumer_attempt_away RENAME TO consumer_attempt');
    }
    await waitFor('the record applied once the database answers', async () => (await appliedIntakeIds()).length === 1, 10_000);
    expect(probe.calls.map((c) => c.attempt)).toEqual([1]);
  });

  it('(n) a new group starts from the earliest offset by default', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.n');
    const earlier = intake();
    await publish(def.topic, toKafkaMessage(envelopeOf(earlier)));
    await startConsumer(newProbe(), { groupId, topics: [def.topic], definitions: [def], fromBeginning: undefined });
    await waitFor('the record published before the group existed to be applied', async () => (await appliedIntakeIds()).includes(earlier.intakeId));
  });

  it('(o) starts while the broker is unreachable, says so, and consumes once the broker answers', async () => {
    const def = await testTopic();
    const groupId = uniqueName('group.o');
    // A port where nothing listens yet; later a TCP proxy to the real broker opens on it (the broker's
    // metadata then points the client at the broker itself).
    const gate = await closedPort();
    const offline = new KafkaClient({
      clientId: groupId,
      brokers: [`127.0.0.1:${gate}`],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 500,
      retry: { retries: 1, initialRetryTime: 100 },
      sasl: kafkaSaslFromEnv(process.env),
    });
    const { transport } = await startConsumer(newProbe(), { groupId, topics: [def.topic], definitions: [def], kafka: offline });
    const down = await waitFor('a failed connect', () => (transport.health().error ? transport.health() : undefined));
    expect(down).toMatchObject({ connected: false, status: 'connecting' });

    const payload = intake();
    await publish(def.topic, toKafkaMessage(envelopeOf(payload)));
    const proxy = await startTcpProxy(gate, brokersFromEnv()[0] ?? '127.0.0.1:9092');
    try {
      await waitFor('the record to be applied once the broker answers', async () => (await appliedIntakeIds()).includes(payload.intakeId), 30_000);
      expect(transport.health()).toMatchObject({ connected: true, status: 'connected' });
      expect(transport.health().error).toBeUndefined();
    } finally {
      for (const app of apps.splice(0)) await app.close();
      await proxy.close();
    }
  });
});

/** A free TCP port on 127.0.0.1 with nothing listening on it (yet). */
async function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Forwards connections on 127.0.0.1:`port` to `target` (host:port). */
async function startTcpProxy(port: number, target: string): Promise<{ close(): Promise<void> }> {
  const [host, targetPort] = target.split(':');
  const sockets = new Set<Socket>();
  const server: NetServer = createServer((client) => {
    const upstream = createConnection({ host: host ?? '127.0.0.1', port: Number(targetPort) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
