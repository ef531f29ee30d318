/**
 * Helpers for this library's integration specs only (not exported from the package): a throwaway
 * PostgreSQL database with the messaging tables, unique Kafka topics, reading a topic, polling.
 */
import { randomUUID } from 'node:crypto';
import { kafkaSaslFromEnv } from '@massage/contracts';
import { Kafka, logLevel, Partitioners, type Admin, type KafkaMessage, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '../lib/messaging.entities';
import { brokersFromEnv } from '../lib/kafka/kafka.factory';

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`.toLowerCase();
}

/** Polls until `probe` returns a value that is not undefined/false, or fails with `what` after the deadline. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const pgBase = {
  host: process.env['PGHOST'] || '127.0.0.1',
  port: Number(process.env['PGPORT'] || 5432),
  user: process.env['PGUSER'] || 'postgres',
  password: process.env['PGPASSWORD'] || undefined,
};

export interface TestDatabase {
  name: string;
  dataSource: DataSource;
  options: DataSourceOptions;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ ...pgBase, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates a uniquely named database, runs the messaging migration (plus `extraSql`), returns an initialized DataSource. */
export async function createTestDatabase(prefix: string, extraSql: string[] = []): Promise<TestDatabase> {
  const name = uniqueName(`msg_${prefix}`);
  await adminQuery(`CREATE DATABASE "${name}"`);
  const options: DataSourceOptions = {
    type: 'postgres',
    host: pgBase.host,
    port: pgBase.port,
    username: pgBase.user,
    ...(pgBase.password ? { password: pgBase.password } : {}),
    database: name,
    entities: MESSAGING_ENTITIES,
    migrations: MESSAGING_MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 8 },
  };
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  await dataSource.runMigrations();
  for (const sql of extraSql) await dataSource.query(sql);
  return {
    name,
    dataSource,
    options,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export function testKafka(clientId = uniqueName('test')): Kafka {
  return new Kafka({ clientId, brokers: brokersFromEnv(), logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 200 }, sasl: kafkaSaslFromEnv(process.env) });
}

export async function createTopics(admin: Admin, topics: string[], numPartitions = 1): Promise<void> {
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
}

export async function deleteTopics(admin: Admin, topics: string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const mine = [...new Set(topics)].filter((t) => existing.has(t));
  if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
}

export async function connectedProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}

export interface ReadRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

function toRecord(partition: number, m: KafkaMessage): ReadRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) if (v !== undefined) headers[k] = String(Array.isArray(v) ? v[v.length - 1] : v);
  return { partition, offset: m.offset, key: m.key?.toString() ?? null, value: m.value?.toString() ?? null, headers };
}

/** Reads a topic from the beginning (own throwaway group) until `count` records arrived; returns them in arrival order. */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 20_000): Promise<ReadRecord[]> {
  const records: ReadRecord[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => void records.push(toRecord(partition, message)) });
    await waitFor(`${count} record(s) on ${topic} (have ${records.length})`, () => records.length >= count, timeoutMs);
    return records;
  } finally {
    await consumer.disconnect();
  }
}

/** Sum of the end offsets of a topic: how many records it holds (no compaction in tests). */
export async function topicSize(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
}

/** True when the group has committed every partition of `topic` up to its end. */
export async function groupCaughtUp(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return ends.every((e) => {
    const c = committed?.partitions.find((p) => p.partition === e.partition);
    return Number(e.high) === 0 || (c !== undefined && Number(c.offset) >= Number(e.high));
  });
}
