/**
 * What every relay spec sets up: a throwaway database with the messaging tables, a Kafka admin,
 * unique topics, relays that are stopped after each test, and an IntakeCompleted payload to enqueue.
 * Call relayTestBed() inside a describe: it registers the beforeAll/afterEach/afterAll hooks.
 */
import { randomUUID } from 'node:crypto';
import { IntakeCompleted, type EventDefinition, type IntakeCompletedV1 } from '@massage/contracts';
import type { Admin, Kafka } from 'kafkajs';
import { OutboxRelay, type OutboxRelayOptions, type RelayLogger } from '../lib/outbox/outbox-relay.service';
import { OutboxWriter } from '../lib/outbox/outbox-writer.service';
import { createTestDatabase, createTopics, deleteTopics, testKafka, uniqueName, type TestDatabase } from './integration.helpers';

export const quietLogger: RelayLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

export function intakePayload(overrides: Partial<IntakeCompletedV1> = {}): IntakeCompletedV1 {
  return {
    intakeId: randomUUID(),
    clientId: randomUUID(),
    locationId: 'downtown',
    formVersion: '2026-11',
    completedAt: '2026-11-27T10:00:00.000Z',
    consentGivenAt: '2026-11-27T09:59:00.000Z',
    conditionCodes: ['osteoporosis'],
    medicationCodes: [],
    recentInjuryOrSurgery: false,
    painReports: [{ region: 'lower-back', rating: 6 }],
    pressurePreference: 'light',
    goalCount: 1,
    ...overrides,
  };
}

export interface RelayTestBed {
  readonly db: TestDatabase;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly writer: OutboxWriter;
  /** A new topic (deleted after the suite) and IntakeCompleted published to it. */
  testEvent(partitions?: number): Promise<EventDefinition<IntakeCompletedV1>>;
  /** A relay on the test database, stopped after the test. */
  relay(opts?: Partial<OutboxRelayOptions>): OutboxRelay;
  /** Enqueues one IntakeCompleted in its own transaction; resolves with its intakeId. */
  enqueue(def: EventDefinition<IntakeCompletedV1>, overrides?: Partial<IntakeCompletedV1>): Promise<string>;
  /** Unpublished outbox rows. */
  unpublished(): Promise<number>;
  /** Remembers a topic to delete after the suite. */
  ownTopic(topic: string): void;
}

export function relayTestBed(prefix: string): RelayTestBed {
  let db: TestDatabase | undefined;
  let kafka: Kafka | undefined;
  let admin: Admin | undefined;
  const topics: string[] = [];
  const relays: OutboxRelay[] = [];
  const writer = new OutboxWriter('intake');
  const ready = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('relayTestBed: used before beforeAll ran');
    return x;
  };

  beforeAll(async () => {
    db = await createTestDatabase(prefix);
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await db?.dataSource.query('TRUNCATE outbox');
  });
  afterAll(async () => {
    if (admin) {
      await deleteTopics(admin, topics);
      await admin.disconnect();
    }
    await db?.drop();
  });

  const bed: RelayTestBed = {
    get db() {
      return ready(db);
    },
    get kafka() {
      return ready(kafka);
    },
    get admin() {
      return ready(admin);
    },
    writer,
    async testEvent(partitions = 1) {
      const topic = uniqueName(`${prefix}.test`);
      topics.push(topic);
      await createTopics(bed.admin, [topic], partitions);
      return { ...IntakeCompleted, topic };
    },
    relay(opts = {}) {
      const r = new OutboxRelay({ dataSource: bed.db.dataSource, kafka: bed.kafka, logger: quietLogger, ...opts });
      relays.push(r);
      return r;
    },
    async enqueue(def, overrides = {}) {
      const payload = intakePayload(overrides);
      await bed.db.dataSource.transaction((m) => writer.enqueue(m, def, payload));
      return payload.intakeId;
    },
    async unpublished() {
      const [row] = (await bed.db.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) as { n: number }[];
      return row?.n ?? -1;
    },
    ownTopic(topic) {
      topics.push(topic);
    },
  };
  return bed;
}
