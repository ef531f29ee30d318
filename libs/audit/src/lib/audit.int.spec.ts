import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AUDIT_TOPIC, IntakeAuditRecorded } from '@massage/contracts';
import { CreateMessagingTables1764230400000, MESSAGING_ENTITIES, MessagingReliability1764900000000, OutboxWriter } from '@massage/messaging';
import { serviceDataSourceOptions } from '@massage/platform-database';
import type { Actor } from '@massage/security';
import { createTestDatabase, type TestDatabase } from '@massage/testing';
import { auditRowHash, GENESIS_HASH, type AuditRowContent } from './audit-chain';
import { AuditSealer } from './audit-sealer.service';
import { AuditTrail, AuditTransactionRequiredError, type AuditEntry } from './audit-trail.service';
import { auditCommand, verifyAuditChain } from './audit-verify';
import { CreateAuditTrail1765100000000 } from './migrations/1765100000000-create-audit-trail.migration';
import { SealAuditChain1767300000000 } from './migrations/1767300000000-seal-audit-chain.migration';

jest.setTimeout(60_000);

const CLIENT = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
const manager: Actor = { subject: 'manager-1', role: 'location-manager', locationId: 'downtown' };
const read = (n: number): AuditEntry => ({
  actor: manager,
  action: 'read',
  operation: 'intake.read',
  resourceType: 'intake',
  resourceId: `0000000${n % 10}-0000-4000-8000-000000000000`,
  clientId: CLIENT,
  locationId: 'downtown',
  outcome: 'allowed',
  correlationId: '0e2d7c4a-3b5f-4f61-9a0e-7c1d2b3a4f50',
});

describe('audit trail (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let pg: Client;
  let audit: AuditTrail;
  let sealer: AuditSealer;
  const options = () =>
    serviceDataSourceOptions({
      defaultDatabase: db.name,
      entities: [...MESSAGING_ENTITIES],
      migrations: [CreateMessagingTables1764230400000, MessagingReliability1764900000000, CreateAuditTrail1765100000000, SealAuditChain1767300000000],
    });

  beforeAll(async () => {
    process.env['PGHOST'] ||= '127.0.0.1';
    db = await createTestDatabase('audit');
    process.env['DB_NAME'] = db.name;
    dataSource = new DataSource(options());
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    pg = new Client(db.options);
    await pg.connect();
    const trailOptions = { event: IntakeAuditRecorded };
    audit = new AuditTrail(dataSource, trailOptions);
    // Not started: each test seals when it chooses (sealAll / sealBatch), so what waits is known.
    sealer = new AuditSealer(dataSource, new OutboxWriter('intake'), trailOptions);
  });

  afterAll(async () => {
    await pg?.end();
    await dataSource?.destroy();
    await db?.drop();
  });

  /** Runs one statement as the superuser with a table's append-only trigger off: what `verify` must catch. */
  const tamper = async (table: 'audit_record' | 'audit_chain', sql: string, params: unknown[] = []): Promise<void> => {
    await pg.query('BEGIN');
    await pg.query(`ALTER TABLE "${table}" DISABLE TRIGGER "${table}_append_only"`);
    await pg.query(sql, params);
    await pg.query(`ALTER TABLE "${table}" ENABLE TRIGGER "${table}_append_only"`);
    await pg.query('COMMIT');
  };
  const count = async (table: string): Promise<number> => (await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0]?.n ?? -1;

  it('records concurrent writers without a lock, then seals them in record order: chain 1..n, linked, one audit.v1 outbox row each', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => audit.recordNow(read(i))));
    expect(await count('audit_record')).toBe(20);
    expect(await count('audit_unsealed')).toBe(20);
    expect(await count('audit_chain')).toBe(0);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: true, rows: 0, waiting: 20 });

    expect(await sealer.sealAll()).toBe(20);
    const { rows } = await pg.query<{ seq: string; record_seq: string; prev_hash: string; hash: string }>('SELECT "seq", "record_seq", "prev_hash", "hash" FROM "audit_chain" ORDER BY "seq"');
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows.map((r) => Number(r.record_seq))).toEqual([...rows.map((r) => Number(r.record_seq))].sort((a, b) => a - b));
    expect(await count('audit_unsealed')).toBe(0);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: true, rows: 20, lastSeq: 20, waiting: 0 });
    const outbox = await pg.query<{ topic: string; type: string; payload: { seq: number; hash: string; prevHash: string; clientId: string } }>(
      `SELECT topic, type, payload FROM outbox WHERE topic = $1 ORDER BY seq`,
      [AUDIT_TOPIC.name],
    );
    // The events carry the chain, in chain order (the relay publishes in outbox order).
    expect(outbox.rows.map((o) => [o.type, o.payload.seq, o.payload.prevHash, o.payload.hash, o.payload.clientId])).toEqual(
      rows.map((r) => [IntakeAuditRecorded.type, Number(r.seq), r.prev_hash, r.hash, CLIENT]),
    );
    await expect(auditCommand(options)(['verify'])).resolves.toMatch(/^audit chain intact: 20 rows, last seq 20, hash [0-9a-f]{64}; 0 waiting to be sealed$/);
  });

  it('seals each row once when sealers race (one takes the head, the other finds it taken), in batches', async () => {
    const before = Number((await pg.query<{ seq: string }>(`SELECT "seq" FROM "audit_chain_head"`)).rows[0]?.seq);
    await Promise.all(Array.from({ length: 30 }, (_, i) => audit.recordNow(read(i))));
    const other = new AuditSealer(dataSource, new OutboxWriter('intake'), { event: IntakeAuditRecorded });
    const sealed = await Promise.all([sealer.sealBatch(7), other.sealBatch(7), sealer.sealAll(), other.sealAll()]);
    expect(sealed.reduce((a, b) => a + b, 0)).toBe(30);
    expect(await count('audit_unsealed')).toBe(0);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: true, rows: before + 30, lastSeq: before + 30 });
    expect((await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE topic = $1`, [AUDIT_TOPIC.name])).rows[0]?.n).toBe(before + 30);
  });

  it('records a write in its transaction: a rollback leaves no row (only a hole in the record seq), and the chain stays whole', async () => {
    const rolledBack = await dataSource
      .transaction(async (manager) => {
        await audit.record(manager, { ...read(1), operation: 'intake.create', action: 'write' });
        throw new Error('the write failed');
      })
      .catch((e: Error) => e.message);
    expect(rolledBack).toBe('the write failed');
    const kept = await dataSource.transaction((manager) => audit.record(manager, { ...read(2), operation: 'intake.create', action: 'write' }));
    expect((await pg.query(`SELECT count(*)::int AS n FROM "audit_record" WHERE "operation" = 'intake.create'`)).rows[0]).toEqual({ n: 1 });
    await sealer.sealAll();
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: true, waiting: 0 });
    expect(kept.seq).toBeGreaterThan(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of records and links, even for the superuser, and keeps the head from moving back', async () => {
    await expect(pg.query(`UPDATE "audit_record" SET "outcome" = 'refused' WHERE "seq" = 1`)).rejects.toThrow(/audit_record is append-only: UPDATE refused/);
    await expect(pg.query(`DELETE FROM "audit_record" WHERE "seq" = 1`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(pg.query(`TRUNCATE "audit_record" CASCADE`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(pg.query(`UPDATE "audit_chain" SET "hash" = "prev_hash" WHERE "seq" = 1`)).rejects.toThrow(/audit_chain is append-only: UPDATE refused/);
    await expect(pg.query(`DELETE FROM "audit_chain" WHERE "seq" = 1`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(pg.query(`TRUNCATE "audit_chain"`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(pg.query(`UPDATE "audit_chain_head" SET "seq" = 3`)).rejects.toThrow(/only advances/);
    await expect(pg.query(`DELETE FROM "audit_chain_head"`)).rejects.toThrow(/only advances/);
  });

  it('refuses a write audit outside a transaction', async () => {
    await expect(audit.record(dataSource.manager, read(0))).rejects.toBeInstanceOf(AuditTransactionRequiredError);
  });

  it('records a refusal from the policy guard as codes only', async () => {
    const row = await audit.recordNow({ ...read(0), outcome: 'refused', reason: 'not-found' });
    await audit.recordRefusal(
      { subject: 'therapist-9', role: 'therapist', locationId: 'uptown' },
      { method: 'GET', path: '/locations/:locationId/clients/:clientId/intakes', permission: 'intake:read', params: { locationId: 'downtown', clientId: CLIENT } },
      "location downtown is not the actor's (uptown)",
    );
    const { rows } = await pg.query(`SELECT actor_subject, action, operation, resource_type, client_id, location_id, outcome, reason FROM audit_record WHERE seq > $1 ORDER BY seq`, [row.seq]);
    expect(rows).toEqual([
      {
        actor_subject: 'therapist-9',
        action: 'read',
        operation: 'intake:read',
        resource_type: 'intake',
        client_id: CLIENT,
        location_id: 'downtown',
        outcome: 'refused',
        reason: 'location-downtown-is-not-the-actor-s-uptown',
      },
    ]);
    await audit.recordRefusal(undefined, { method: 'POST', path: '/x', permission: 'client:register', params: {} }, 'A gateway assertion is required.');
    await sealer.sealAll();
    expect((await verifyAuditChain(dataSource)).intact).toBe(true);
  });

  it('detects a record altered by the superuser with the trigger disabled, and the command fails', async () => {
    const recordOf7 = (await pg.query<{ record_seq: string }>(`SELECT "record_seq" FROM "audit_chain" WHERE "seq" = 7`)).rows[0]?.record_seq;
    await tamper('audit_record', `UPDATE "audit_record" SET "actor_subject" = 'someone-else' WHERE "seq" = $1`, [recordOf7]);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: false, kind: 'altered', seq: 7, rows: 6 });
    await expect(auditCommand(options)(['verify'])).rejects.toThrow(/BROKEN at seq 7 \(altered\)/);
    await tamper('audit_record', `UPDATE "audit_record" SET "actor_subject" = 'manager-1' WHERE "seq" = $1`, [recordOf7]);
    expect((await verifyAuditChain(dataSource)).intact).toBe(true);
  });

  it('binds a service role that is not the owner: it records and seals with the documented grants, and cannot change records or links', async () => {
    const role = `${db.name}_svc`;
    await pg.query(`CREATE ROLE "${role}" LOGIN NOSUPERUSER`);
    const service = new Client({ ...db.options, user: role });
    const asRole = new DataSource({ ...(options() as PostgresConnectionOptions), username: role, migrations: [] });
    try {
      // docs/security.md's grants, and the outbox's (the messaging library's own).
      await pg.query(`GRANT SELECT, INSERT ON "audit_record", "audit_chain" TO "${role}"`);
      await pg.query(`GRANT SELECT, INSERT, DELETE ON "audit_unsealed" TO "${role}"`);
      await pg.query(`GRANT USAGE ON SEQUENCE "audit_record_seq_seq" TO "${role}"`);
      await pg.query(`GRANT SELECT, UPDATE ON "audit_chain_head" TO "${role}"`);
      await pg.query(`GRANT SELECT, INSERT ON "outbox" TO "${role}"`);
      await pg.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "${role}"`);
      await asRole.initialize();
      const trailOptions = { event: IntakeAuditRecorded };
      await new AuditTrail(asRole, trailOptions).recordNow(read(5));
      expect(await new AuditSealer(asRole, new OutboxWriter('intake'), trailOptions).sealAll()).toBeGreaterThanOrEqual(1);
      expect(await count('audit_unsealed')).toBe(0);

      await service.connect();
      for (const sql of [`UPDATE "audit_record" SET "reason" = NULL`, `DELETE FROM "audit_record"`, `TRUNCATE "audit_record"`, `UPDATE "audit_chain" SET "hash" = "prev_hash"`, `DELETE FROM "audit_chain"`, `TRUNCATE "audit_chain"`]) {
        await expect(service.query(sql)).rejects.toThrow(/permission denied/);
      }
      await expect(service.query(`ALTER TABLE "audit_record" DISABLE TRIGGER "audit_record_append_only"`)).rejects.toThrow(/must be owner/);
      await expect(service.query(`ALTER TABLE "audit_chain" DISABLE TRIGGER "audit_chain_append_only"`)).rejects.toThrow(/must be owner/);
    } finally {
      await service.end().catch(() => undefined);
      if (asRole.isInitialized) await asRole.destroy();
      await pg.query(`REVOKE ALL ON "audit_record", "audit_chain", "audit_unsealed", "audit_chain_head", "outbox" FROM "${role}"`);
      await pg.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM "${role}"`);
      await pg.query(`DROP ROLE "${role}"`);
    }
  });

  it('refuses, when it is recorded, an entry its AuditRecorded event would refuse: nothing is recorded that would stop the sealer', async () => {
    const before = await count('audit_record');
    await expect(audit.recordNow({ ...read(1), locationId: 'Down Town' })).rejects.toThrow(/locationId/);
    expect(await count('audit_record')).toBe(before);
  });

  it('drops a queue entry of a record already chained (written by hand) and seals what comes after it', async () => {
    await sealer.sealAll();
    const chained = (await pg.query<{ record_seq: string }>(`SELECT "record_seq" FROM "audit_chain" ORDER BY "seq" DESC LIMIT 1`)).rows[0]?.record_seq;
    await pg.query(`INSERT INTO "audit_unsealed" ("record_seq") VALUES ($1)`, [chained]);
    await audit.recordNow(read(6));
    expect(await sealer.sealAll()).toBe(2);
    expect(await count('audit_unsealed')).toBe(0);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: true, waiting: 0 });
  });

  it('detects a record taken out of the queue before it was sealed', async () => {
    const row = await audit.recordNow(read(3));
    await pg.query(`DELETE FROM "audit_unsealed" WHERE "record_seq" = $1`, [row.seq]);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: false, kind: 'unsealed', seq: row.seq });
    await expect(auditCommand(options)(['verify'])).rejects.toThrow(new RegExp(`BROKEN at record ${row.seq} \\(unsealed\\)`));
  });

  it('detects a deleted link as a gap', async () => {
    await tamper('audit_chain', `DELETE FROM "audit_chain" WHERE "seq" = 12`);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: false, kind: 'gap', seq: 12 });
  });
});

describe('SealAuditChain1767300000000 on a chain written before it (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('keeps every existing row and hash (chain seq = record seq), and the chain goes on from its head', async () => {
    process.env['PGHOST'] ||= '127.0.0.1';
    db = await createTestDatabase('audit_migrate');
    process.env['DB_NAME'] = db.name;
    const opts = (migrations: (new () => unknown)[]) => serviceDataSourceOptions({ defaultDatabase: db.name, entities: [...MESSAGING_ENTITIES], migrations });
    const old = new DataSource(opts([CreateMessagingTables1764230400000, MessagingReliability1764900000000, CreateAuditTrail1765100000000]));
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    // Three rows appended as ADR 0008's writers did: head locked, row with its hashes, head advanced.
    let prev = GENESIS_HASH;
    const hashes: string[] = [];
    for (let seq = 1; seq <= 3; seq += 1) {
      const row: AuditRowContent = {
        seq, id: `00000000-0000-4000-8000-00000000000${seq}`, recordedAt: new Date(Date.UTC(2026, 10, 1, 9, 0, seq)), actorSubject: 'manager-1', actorRole: 'location-manager',
        actorLocation: 'downtown', action: 'read', operation: 'intake.read', resourceType: 'intake', resourceId: null, clientId: CLIENT, locationId: 'downtown', outcome: 'allowed', reason: null, correlationId: null,
      };
      const hash = auditRowHash(prev, row);
      await old.transaction(async (m) => {
        await m.query(`SELECT 1 FROM "audit_chain_head" FOR UPDATE`);
        await m.query(
          `INSERT INTO "audit_record" ("seq", "id", "recorded_at", "actor_subject", "actor_role", "actor_location", "action", "operation", "resource_type", "client_id", "location_id", "outcome", "prev_hash", "hash")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [seq, row.id, row.recordedAt, row.actorSubject, row.actorRole, row.actorLocation, row.action, row.operation, row.resourceType, row.clientId, row.locationId, row.outcome, prev, hash],
        );
        await m.query(`UPDATE "audit_chain_head" SET "seq" = $1, "hash" = $2`, [seq, hash]);
      });
      hashes.push(hash);
      prev = hash;
    }
    await old.destroy();

    dataSource = new DataSource(opts([CreateMessagingTables1764230400000, MessagingReliability1764900000000, CreateAuditTrail1765100000000, SealAuditChain1767300000000]));
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await dataSource.query(`SELECT "seq"::int, "record_seq"::int, "hash" FROM "audit_chain" ORDER BY "seq"`)).toEqual(hashes.map((hash, i) => ({ seq: i + 1, record_seq: i + 1, hash })));
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: true, rows: 3, lastSeq: 3, lastHash: hashes[2] });

    const trailOptions = { event: IntakeAuditRecorded };
    const next = await new AuditTrail(dataSource, trailOptions).recordNow(read(4));
    expect(next.seq).toBe(4);
    await new AuditSealer(dataSource, new OutboxWriter('intake'), trailOptions).sealAll();
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: true, rows: 4, lastSeq: 4 });
    expect(await dataSource.query(`SELECT "prev_hash" FROM "audit_chain" WHERE "seq" = 4`)).toEqual([{ prev_hash: hashes[2] }]);
  });
});
