import { DataSource } from 'typeorm';
import { serviceDataSourceOptions } from '@massage/platform-database';
import { createTestDatabase, waitFor, type TestDatabase } from '@massage/testing';
import { IdempotencyKeyReusedError, IdempotencyStore, MIN_IDEMPOTENCY_RETENTION_MS, requestFingerprint } from './idempotency.store';
import { CreateIdempotencyKeys1765100100000 } from './migrations/1765100100000-create-idempotency-keys.migration';

jest.setTimeout(60_000);

const HOUR = 60 * 60 * 1000;

describe('idempotency store (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let now = new Date('2026-11-30T12:00:00.000Z');
  const store = new IdempotencyStore({ now: () => now });
  const request = (key: string, body: unknown = { name: 'Ada' }) => ({ scope: 'downtown/desk-1', key, fingerprint: requestFingerprint('POST', '/clients', body) });
  const create = (id: string) => store.once(dataSource, request(`key-${id}`), 201, async () => ({ id }));

  beforeAll(async () => {
    process.env['PGHOST'] ||= '127.0.0.1';
    db = await createTestDatabase('idempotency');
    // DB_NAME may be set by another spec of the worker: name the database explicitly.
    dataSource = new DataSource(
      serviceDataSourceOptions({ defaultDatabase: db.name, database: db.name, entities: [], migrations: [CreateIdempotencyKeys1765100100000] }),
    );
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('fingerprints a body independently of its key order', () => {
    expect(requestFingerprint('POST', '/x', { a: 1, b: { c: [1, 2], d: 'e' } })).toBe(requestFingerprint('post', '/x', { b: { d: 'e', c: [1, 2] }, a: 1 }));
    expect(requestFingerprint('POST', '/x', { a: 1 })).not.toBe(requestFingerprint('POST', '/y', { a: 1 }));
  });

  it('runs a creation once per key and replays its response', async () => {
    let runs = 0;
    const make = () => store.once(dataSource, request('k1'), 201, async () => ({ id: `run-${++runs}` }));
    expect(await make()).toEqual({ id: 'run-1' });
    expect(await make()).toEqual({ id: 'run-1' });
    expect(runs).toBe(1);
    await expect(store.once(dataSource, request('k1', { name: 'Grace' }), 201, async () => ({ id: 'never' }))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('makes a concurrent duplicate wait for the first transaction, then replay its response', async () => {
    const first = dataSource.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    try {
      expect(await store.claim(first.manager, request('k-race'))).toBeUndefined();
      let secondRan = false;
      const second = store.once(dataSource, request('k-race'), 201, async () => {
        secondRan = true;
        return { id: 'second' };
      });
      // The second claim is blocked on the first one's uncommitted key.
      await waitFor(
        async () => ((await dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [db.name])) as { n: number }[])[0]?.n === 1 || undefined,
        { description: 'the duplicate waiting on the key' },
      );
      await store.complete(first.manager, request('k-race'), { status: 201, body: { id: 'first' } });
      await first.commitTransaction();
      expect(await second).toEqual({ id: 'first' });
      expect(secondRan).toBe(false);
    } finally {
      await first.release();
    }
  });

  it('stores nothing when the creation fails, so a retry runs again', async () => {
    await expect(store.once(dataSource, request('k2'), 201, async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await store.once(dataSource, request('k2'), 201, async () => ({ id: 'second' }))).toEqual({ id: 'second' });
  });

  it('keeps keys for the retention (never under 24 h), then prunes them by its clock', async () => {
    expect(new IdempotencyStore({ retentionMs: HOUR }).retentionMs).toBe(MIN_IDEMPOTENCY_RETENTION_MS);
    await create('old');
    now = new Date(now.getTime() + MIN_IDEMPOTENCY_RETENTION_MS - HOUR);
    await create('young');
    expect(await store.prune(dataSource)).toBe(0);
    now = new Date(now.getTime() + 2 * HOUR);
    const pruned = await store.prune(dataSource);
    expect(pruned).toBeGreaterThanOrEqual(1);
    const keys = (await dataSource.query(`SELECT "key" FROM "idempotency_key" ORDER BY "key"`)) as { key: string }[];
    expect(keys.map((k) => k.key)).toContain('key-young');
    expect(keys.map((k) => k.key)).not.toContain('key-old');
  });
});
