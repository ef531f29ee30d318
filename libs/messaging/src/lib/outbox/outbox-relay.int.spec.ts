import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { IntakeCompleted, InvalidEventPayloadError } from '@massage/contracts';
import type { Admin, Kafka } from 'kafkajs';
import { readTopic, topicSize, uniqueName, waitFor, type TestDatabase } from '../../test-support/integration.helpers';
import { intakePayload as intake, relayTestBed } from '../../test-support/relay.test-bed';
import { CreateMessagingTables1764230400000 } from '../migrations/1764230400000-create-messaging-tables.migration';
import { MessagingReliability1764900000000 } from '../migrations/1764900000000-messaging-reliability.migration';
import { OUTBOX_RELAY_LOCK_KEY } from './outbox-relay.service';

jest.setTimeout(60_000);

describe('outbox and relay (PostgreSQL + Kafka)', () => {
  const bed = relayTestBed('relay');
  const { writer, testEvent, relay, unpublished } = bed;
  let db: TestDatabase;
  let kafka: Kafka;
  let admin: Admin;
  beforeAll(() => {
    ({ db, kafka, admin } = bed);
  });

  /** The relay's control connections (LISTEN + leader lock), oldest first: found by its application_name. */
  async function controlBackends(applicationName: string): Promise<number[]> {
    const rows = (await db.dataSource.query(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 ORDER BY backend_start`,
      [applicationName],
    )) as { pid: number }[];
    return rows.map((r) => r.pid);
  }

  /** Kills the relay's newest control connection, as a network failure or a DBA would; resolves with its pid. */
  async function terminateControl(applicationName: string): Promise<number> {
    const pid = (await controlBackends(applicationName)).at(-1);
    if (pid === undefined) throw new Error(`no control connection named ${applicationName}`);
    await db.dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
    return pid;
  }

  it('the hand-written migrations match the entities, with the partial indexes, and roll back', async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    const indexdef = async (table: string, name: string): Promise<string | undefined> =>
      ((await db.dataSource.query(`SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname = $2`, [table, name])) as { indexdef: string }[])[0]
        ?.indexdef;
    expect(await indexdef('outbox', 'outbox_unpublished_seq_idx')).toMatch(/WHERE \(published_at IS NULL\)/);
    expect(await indexdef('outbox', 'outbox_published_at_idx')).toMatch(/\(published_at\) WHERE \(published_at IS NOT NULL\)/);
    expect(await indexdef('outbox', 'outbox_parked_key_idx')).toMatch(/\(key\) WHERE \(\(parked_at IS NOT NULL\) AND \(published_at IS NULL\)\)/);
    expect(await indexdef('inbox', 'inbox_handled_at_idx')).toMatch(/\(handled_at\)/);

    const qr = db.dataSource.createQueryRunner();
    try {
      const [create, reliability] = [new CreateMessagingTables1764230400000(), new MessagingReliability1764900000000()];
      await reliability.down(qr);
      expect(await qr.hasColumn('outbox', 'parked_at')).toBe(false);
      expect(await qr.hasTable('consumer_attempt')).toBe(false);
      await create.down(qr);
      expect(await qr.hasTable('outbox')).toBe(false);
      expect(await qr.hasTable('inbox')).toBe(false);
      await create.up(qr);
      await reliability.up(qr);
      expect(await qr.hasColumn('outbox', 'parked_at')).toBe(true);
      expect(await qr.hasTable('consumer_attempt')).toBe(true);
    } finally {
      await qr.release();
    }
  });

  it('publishes a committed event with CloudEvents headers and its key, woken by NOTIFY, and marks it published', async () => {
    const def = await testEvent(3);
    // The poll is far away: only the NOTIFY sent on commit can wake the relay within the test's deadline.
    await relay({ pollIntervalMs: 600_000 }).start();
    const payload = intake();
    const env = await db.dataSource.transaction((m) => writer.enqueue(m, def, payload, { causationId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' }));

    const [record] = await readTopic(kafka, def.topic, 1);
    expect(record?.key).toBe(payload.clientId);
    expect(JSON.parse(record?.value ?? 'null')).toEqual(payload);
    expect(record?.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: env.id,
      ce_type: IntakeCompleted.type,
      ce_source: '/massage/intake',
      ce_time: env.time,
      ce_subject: payload.clientId,
      'content-type': 'application/json',
      ce_dataschema: `urn:massage:schema:${IntakeCompleted.type}`,
      ce_correlationid: env.id,
      ce_causationid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    });
    await waitFor('the row to be marked published', async () => (await unpublished()) === 0);
    const [row] = (await db.dataSource.query(`SELECT published_at FROM outbox WHERE id = $1`, [env.id])) as { published_at: Date | null }[];
    expect(row?.published_at).toBeInstanceOf(Date);
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const def = await testEvent();
    const rolledBack = intake();
    await expect(
      db.dataSource.transaction(async (m) => {
        await writer.enqueue(m, def, rolledBack);
        throw new Error('business rule failed after enqueue');
      }),
    ).rejects.toThrow('business rule failed');
    const marker = intake();
    await db.dataSource.transaction((m) => writer.enqueue(m, def, marker));

    expect(await relay().drainOnce()).toBe(1);
    const records = await readTopic(kafka, def.topic, 1);
    expect(records.map((r) => JSON.parse(r.value ?? 'null').intakeId)).toEqual([marker.intakeId]);
    expect(await topicSize(admin, def.topic)).toBe(1);
  });

  it('prunes published outbox rows and handled inbox rows past their retention in batches, never unpublished or parked ones', async () => {
    const def = await testEvent();
    for (let i = 0; i < 6; i += 1) await db.dataSource.transaction((m) => writer.enqueue(m, def, intake()));
    const rows = (await db.dataSource.query('SELECT id FROM outbox ORDER BY seq')) as { id: string }[];
    const [old1, old2, old3, recent, stale, parked] = rows.map((r) => r.id);
    // Three published 8 days ago, one just now, one never published although created long ago, one parked long ago.
    await db.dataSource.query(`UPDATE outbox SET published_at = now() - interval '8 days' WHERE id = ANY($1)`, [[old1, old2, old3]]);
    await db.dataSource.query(`UPDATE outbox SET published_at = now() WHERE id = $1`, [recent]);
    await db.dataSource.query(`UPDATE outbox SET created_at = now() - interval '30 days' WHERE id = $1`, [stale]);
    await db.dataSource.query(`UPDATE outbox SET created_at = now() - interval '30 days', parked_at = now() - interval '20 days' WHERE id = $1`, [parked]);
    // Inbox: five rows handled 31 days ago, two yesterday.
    await db.dataSource.query(
      `INSERT INTO inbox (consumer_group, event_id, event_type, handled_at)
       SELECT 'g', gen_random_uuid(), 't', now() - CASE WHEN i <= 5 THEN interval '31 days' ELSE interval '1 day' END FROM generate_series(1, 7) AS i`,
    );

    const pruned = await relay({ retention: { batchSize: 2 } }).pruneNow(); // defaults: 7 days, 30 days
    expect(pruned).toEqual({ outbox: 3, inbox: 5 });
    const left = ((await db.dataSource.query('SELECT id FROM outbox ORDER BY seq')) as { id: string }[]).map((r) => r.id);
    expect(left).toEqual([recent, stale, parked]);
    const [inboxLeft] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE handled_at > now() - interval '2 days'`)) as { n: number }[];
    expect(inboxLeft?.n).toBe(2);
    await db.dataSource.query('TRUNCATE inbox');
  });

  it('the leader prunes on its own timer, with no publish round to ride on; a standby does not prune', async () => {
    const def = await testEvent();
    await db.dataSource.transaction((m) => writer.enqueue(m, def, intake()));
    await db.dataSource.query(`UPDATE outbox SET published_at = now() - interval '8 days'`);
    await db.dataSource.query(`INSERT INTO inbox (consumer_group, event_id, event_type, handled_at) VALUES ('g', gen_random_uuid(), 't', now() - interval '31 days')`);
    const remaining = async (): Promise<number> => {
      const [row] = (await db.dataSource.query('SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM inbox) AS n')) as { n: string }[];
      return Number(row?.n);
    };

    // Someone else holds the leader lock: this relay stands by, and a standby leaves pruning to the leader.
    const holder = await db.dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [OUTBOX_RELAY_LOCK_KEY]);
      // The poll (the only thing that could run a publish round) is far away; pruning runs every 50 ms.
      const applicationName = uniqueName('relay_p');
      const r = relay({ pollIntervalMs: 600_000, pruneIntervalMs: 50, applicationName });
      await r.start();
      await waitFor('the relay to open its control session', async () => (await controlBackends(applicationName)).length > 0);
      await sleep(300); // six prune ticks of a standby
      expect(r.leading).toBe(false);
      expect(await remaining()).toBe(2);

      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [OUTBOX_RELAY_LOCK_KEY]);
      await r.drainOnce(); // takes the lock (a publish round with nothing to publish)
      expect(r.leading).toBe(true);
      await waitFor('the leader to prune outbox and inbox on its timer', async () => (await remaining()) === 0);
    } finally {
      await holder.release();
    }
  });

  it('a relay that was never start()ed heartbeats its control session: it outlives idle_session_timeout and keeps leading', async () => {
    const applicationName = uniqueName('relay_h');
    const r = relay({ leaderSessionTimeoutMs: 600, applicationName });
    expect(await r.drainOnce()).toBe(0); // opens the control session and takes the leader lock
    expect(r.leading).toBe(true);
    const [pid] = await controlBackends(applicationName);
    // Without heartbeats the server ends the idle session 600 ms after the drain.
    const fate = await waitFor('the control session to live three idle timeouts, or to end', async () => {
      const [row] = (await db.dataSource.query(
        `SELECT extract(epoch FROM clock_timestamp() - backend_start) * 1000 AS age_ms FROM pg_stat_activity WHERE pid = $1`,
        [pid],
      )) as { age_ms: string }[];
      if (!row) return 'ended';
      return Number(row.age_ms) > 1800 ? 'alive' : undefined;
    });
    expect(fate).toBe('alive');
    expect(r.leading).toBe(true);
    await bed.enqueue(await testEvent());
    expect(await r.drainOnce()).toBe(1);
  });

  it('refuses an invalid payload and writes nothing', async () => {
    const def = await testEvent();
    await expect(db.dataSource.transaction((m) => writer.enqueue(m, def, intake({ goalCount: -1 })))).rejects.toBeInstanceOf(InvalidEventPayloadError);
    const [row] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox`)) as { n: number }[];
    expect(row?.n).toBe(0);
  });

  it('publishes round after round in seq order until the table is drained', async () => {
    const def = await testEvent();
    const clientId = randomUUID();
    const payloads = Array.from({ length: 25 }, () => intake({ clientId }));
    await db.dataSource.transaction(async (m) => {
      for (const p of payloads) await writer.enqueue(m, def, p);
    });
    expect(await relay({ batchSize: 10 }).drainOnce()).toBe(25);
    const records = await readTopic(kafka, def.topic, 25);
    expect(records.map((r) => JSON.parse(r.value ?? 'null').intakeId)).toEqual(payloads.map((p) => p.intakeId));
    expect(await unpublished()).toBe(0);
  });

  it('a crash in the middle of a pipelined drain loses nothing: committed rounds stay published, the rest is republished', async () => {
    const def = await testEvent();
    const payloads = Array.from({ length: 25 }, () => intake());
    await db.dataSource.transaction(async (m) => {
      for (const p of payloads) await writer.enqueue(m, def, p);
    });
    let rounds = 0;
    const crashing = relay({
      batchSize: 10,
      hooks: {
        afterPublish: async () => {
          rounds += 1;
          if (rounds === 2) throw new Error('simulated crash in round 2');
        },
      },
    });
    await expect(crashing.drainOnce()).rejects.toThrow('simulated crash');
    expect(await unpublished()).toBe(15); // round 1 committed; round 2 rolled back; the prefetched round 3 released its locks
    await crashing.stop(); // the crashed process is gone, and its leader lock with it
    expect(await relay({ batchSize: 10 }).drainOnce()).toBe(15);
    expect(await unpublished()).toBe(0);

    const records = await readTopic(kafka, def.topic, 35);
    const ids = records.map((r) => JSON.parse(r.value ?? 'null').intakeId as string);
    expect(ids).toHaveLength(35); // round 2 went to Kafka twice
    expect([...new Set(ids)]).toEqual(payloads.map((p) => p.intakeId)); // first occurrences in seq order
  });

  it('serves a wake-up that arrives during a round with another round (no lost wake-up)', async () => {
    const def = await testEvent();
    const late = intake();
    let enqueuedDuringRound = false;
    const r = relay({
      pollIntervalMs: 600_000,
      hooks: {
        afterPublish: async () => {
          if (enqueuedDuringRound) return;
          enqueuedDuringRound = true;
          // Committed (and NOTIFY delivered) while the relay's round is still open.
          await db.dataSource.transaction((m) => writer.enqueue(m, def, late));
        },
      },
    });
    await r.start();
    await db.dataSource.transaction((m) => writer.enqueue(m, def, intake()));
    const records = await readTopic(kafka, def.topic, 2);
    expect(JSON.parse(records[1]?.value ?? 'null').intakeId).toBe(late.intakeId);
    await waitFor('both rows marked published', async () => (await unpublished()) === 0);
  });

  it('with two started relays only the leader publishes, and the other takes over when it stops', async () => {
    const def = await testEvent();
    const [a, b] = [relay({ pollIntervalMs: 600_000 }), relay({ pollIntervalMs: 600_000 })];
    await a.start();
    await b.start();
    const first = intake();
    await db.dataSource.transaction((m) => writer.enqueue(m, def, first));
    await waitFor('the first event to be published', async () => (await unpublished()) === 0);
    expect([a.leading, b.leading].filter(Boolean)).toHaveLength(1);
    const [leader, standby] = a.leading ? [a, b] : [b, a];

    await leader.stop();
    const second = intake();
    await db.dataSource.transaction((m) => writer.enqueue(m, def, second));
    await waitFor('the standby to publish the second event', async () => (await unpublished()) === 0);
    expect(standby.leading).toBe(true);
    const records = await readTopic(kafka, def.topic, 2);
    expect(records.map((r) => JSON.parse(r.value ?? 'null').intakeId)).toEqual([first.intakeId, second.intakeId]);
    expect(await topicSize(admin, def.topic)).toBe(2);
  });

  it('after its LISTEN connection is killed (twice) it leads again on one control connection, publishes, and hands over when it stops', async () => {
    const def = await testEvent();
    const [nameA, nameB] = [uniqueName('relay_a'), uniqueName('relay_b')];
    // A short poll reconnects (ensureLeader) long before the LISTEN reconnect timer (1 s) fires.
    const a = relay({ pollIntervalMs: 100, applicationName: nameA });
    await a.start();
    await waitFor('A to lead', () => a.leading);

    for (const round of [1, 2]) {
      const killed = await terminateControl(nameA);
      await waitFor(`A to lead again after losing its connection (${round})`, async () => a.leading && !(await controlBackends(nameA)).includes(killed));
      // Let the LISTEN reconnect timer fire: it must not open a second session beside the one holding the lock.
      await sleep(1500);
      expect(await controlBackends(nameA)).toHaveLength(1);
      expect(a.leading).toBe(true);
    }

    const first = intake();
    await db.dataSource.transaction((m) => writer.enqueue(m, def, first));
    await waitFor('A to publish after the reconnects', async () => (await unpublished()) === 0);

    const b = relay({ pollIntervalMs: 100, applicationName: nameB });
    await b.start();
    await sleep(300); // a few of B's polls: it must stand by
    expect(b.leading).toBe(false);
    expect(await controlBackends(nameA)).toHaveLength(1);
    expect(await controlBackends(nameB)).toHaveLength(1);

    await a.stop();
    expect(await controlBackends(nameA)).toEqual([]);
    const second = intake();
    await db.dataSource.transaction((m) => writer.enqueue(m, def, second));
    await waitFor('B to take over and publish', async () => (await unpublished()) === 0);
    expect(b.leading).toBe(true);
    const records = await readTopic(kafka, def.topic, 2);
    expect(records.map((r) => JSON.parse(r.value ?? 'null').intakeId)).toEqual([first.intakeId, second.intakeId]);
  });

  it('a leader that loses its lock in the middle of a drain sends no further batch; the new leader goes on in seq order', async () => {
    const def = await testEvent();
    const clientId = randomUUID(); // one key: its events must reach Kafka in seq order
    const payloads = Array.from({ length: 200 }, () => intake({ clientId }));
    await db.dataSource.transaction(async (m) => {
      for (const p of payloads) await writer.enqueue(m, def, p);
    });
    const nameA = uniqueName('relay_a');
    const publishers: ('A' | 'B')[] = [];
    let roundsOfA = 0;
    const b = relay({ batchSize: 10, pollIntervalMs: 50, hooks: { afterPublish: async () => void publishers.push('B') } }); // started below
    const a = relay({
      batchSize: 10,
      applicationName: nameA,
      hooks: {
        afterPublish: async () => {
          publishers.push('A');
          roundsOfA += 1;
          if (roundsOfA === 3) {
            // A's LISTEN session dies while round 3 is on Kafka (and round 4 is already locked).
            await terminateControl(nameA);
            await waitFor('A to notice it lost the lock', () => !a.leading);
            await waitFor('B to take the lock', () => b.leading);
          } else if (roundsOfA > 3) {
            await sleep(20); // were A to go on, B would publish in between
          }
        },
      },
    });
    const drainOfA = a.drainOnce();
    await waitFor('A to lead and publish', () => publishers.length > 0); // then B can only stand by
    await b.start();

    expect(await drainOfA).toBe(30); // rounds 1-3; round 4 was rolled back, not sent
    await waitFor('B to publish the rest', async () => (await unpublished()) === 0);
    const firstOfB = publishers.indexOf('B');
    expect(firstOfB).toBeGreaterThan(0);
    expect(publishers.slice(firstOfB)).not.toContain('A');
    const records = await readTopic(kafka, def.topic, 200);
    expect(records.map((r) => JSON.parse(r.value ?? 'null').intakeId)).toEqual(payloads.map((p) => p.intakeId));
    expect(await topicSize(admin, def.topic)).toBe(200);
  });

  it('stop() with finalDrainMs publishes rows committed too late to wake the relay; without it they wait', async () => {
    const def = await testEvent();
    const published: string[] = [];
    for (const finalDrainMs of [5000, undefined]) {
      let entered!: () => void;
      const inRound = new Promise<void>((resolve) => (entered = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const r = relay({
        pollIntervalMs: 600_000,
        hooks: {
          afterPublish: async () => {
            entered();
            await released;
          },
        },
      });
      await r.start();
      const inHand = intake();
      await db.dataSource.transaction((m) => writer.enqueue(m, def, inHand));
      await inRound; // the relay is in a round: stop() waits for it
      const stopped = r.stop(finalDrainMs === undefined ? {} : { finalDrainMs });
      const late = intake(); // committed while stopping: its NOTIFY wakes nothing any more
      await db.dataSource.transaction((m) => writer.enqueue(m, def, late));
      release();
      await stopped;
      published.push(inHand.intakeId);
      if (finalDrainMs === undefined) {
        expect(await unpublished()).toBe(1);
      } else {
        published.push(late.intakeId);
        expect(await unpublished()).toBe(0);
      }
    }
    const records = await readTopic(kafka, def.topic, published.length);
    expect(records.map((rec) => JSON.parse(rec.value ?? 'null').intakeId)).toEqual(published);
    expect(await topicSize(admin, def.topic)).toBe(published.length);
  });

  it('lets two non-exclusive relays drain at once (SKIP LOCKED) without publishing a row twice', async () => {
    const def = await testEvent();
    await db.dataSource.transaction(async (m) => {
      for (let i = 0; i < 40; i++) await writer.enqueue(m, def, intake());
    });
    const [a, b] = await Promise.all([relay({ batchSize: 5, exclusive: false }).drainOnce(), relay({ batchSize: 5, exclusive: false }).drainOnce()]);
    expect((a ?? 0) + (b ?? 0)).toBe(40);
    await readTopic(kafka, def.topic, 40);
    expect(await topicSize(admin, def.topic)).toBe(40);
    expect(await unpublished()).toBe(0);
  });
});
