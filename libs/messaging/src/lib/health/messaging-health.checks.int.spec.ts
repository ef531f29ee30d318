import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createTestDatabase, testKafka, type TestDatabase } from '../../test-support/integration.helpers';
import { messagingHealthChecks, type MessagingHealthCheck } from './messaging-health.checks';

jest.setTimeout(60_000);

describe('messagingHealthChecks (real broker and database)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('health');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const byName = (checks: MessagingHealthCheck[], name: string): MessagingHealthCheck => {
    const check = checks.find((c) => c.name === name);
    if (!check) throw new Error(`no ${name} check`);
    return check;
  };

  it('reports Kafka up when a broker answers, and every check as detail only', async () => {
    const checks = messagingHealthChecks(db.dataSource, { source: 'test', kafka: testKafka(), consumers: true });
    expect(checks.map((c) => [c.name, c.readiness])).toEqual([
      ['kafka', 'detail'],
      ['outbox', 'detail'],
      ['consumers', 'detail'],
    ]);
    await expect(byName(checks, 'kafka').check()).resolves.toBe('up');
    await expect(byName(checks, 'consumers').check()).resolves.toEqual({});
  });

  it('fails the Kafka check when no broker answers', async () => {
    const nowhere = new Kafka({ clientId: 'health-test', brokers: ['127.0.0.1:1'], retry: { retries: 0 }, connectionTimeout: 500, logLevel: logLevel.NOTHING });
    await expect(byName(messagingHealthChecks(db.dataSource, { source: 'test', kafka: nowhere }), 'kafka').check()).rejects.toThrow();
  });

  it('counts unpublished and parked outbox rows', async () => {
    const outbox = byName(messagingHealthChecks(db.dataSource, { source: 'test', kafka: testKafka() }), 'outbox');
    await expect(outbox.check()).resolves.toEqual({ unpublished: 0, parked: 0, oldestUnpublishedSeconds: 0, relay: 'none' });
    const insert = (parked: boolean, published: boolean) =>
      db.dataSource.query(
        `INSERT INTO outbox (id, topic, key, type, headers, payload, created_at, parked_at, published_at)
         VALUES ($1, 't', 'k', 'x', '{}', '{}', now() - interval '90 seconds', $2, $3)`,
        [randomUUID(), parked ? new Date() : null, published ? new Date() : null],
      );
    await insert(false, false);
    await insert(true, false);
    await insert(false, true);
    const detail = (await outbox.check()) as Record<string, number>;
    expect(detail).toMatchObject({ unpublished: 2, parked: 1 });
    expect(detail['oldestUnpublishedSeconds']).toBeGreaterThanOrEqual(90);
  });

  it("shows the relay's role and its producer's state when the process runs a relay", async () => {
    const relay = { status: async () => ({ leading: false, kafkaConnected: false, parked: 0 }) };
    const outbox = byName(messagingHealthChecks(db.dataSource, { source: 'test', kafka: testKafka(), relay }), 'outbox');
    await expect(outbox.check()).resolves.toMatchObject({ relay: 'standby', relayKafka: 'disconnected' });
  });
});
