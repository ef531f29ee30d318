import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AUDIT_TOPIC, IntakeAuditRecorded } from '@massage/contracts';
import { CreateMessagingTables1764230400000, MESSAGING_ENTITIES, MessagingReliability1764900000000, OutboxWriter } from '@massage/messaging';
import { serviceDataSourceOptions } from '@massage/platform-database';
import type { Actor } from '@massage/security';
import { createTestDatabase, type TestDatabase } from '@massage/testing';
import { AuditTrail, AuditTransactionRequiredError, type AuditEntry } from './audit-trail.service';
import { auditCommand, verifyAuditChain } from './audit-verify';
import { CreateAuditTrail1765100000000 } from './migrations/1765100000000-create-audit-trail.migration';

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
  const options = () =>
    serviceDataSourceOptions({
      defaultDatabase: db.name,
      entities: [...MESSAGING_ENTITIES],
      migrations: [CreateMessagingTables1764230400000, MessagingReliability1764900000000, CreateAuditTrail1765100000000],
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
    audit = new AuditTrail(dataSource, new OutboxWriter('intake'), { event: IntakeAuditRecorded });
  });

  afterAll(async () => {
    await pg?.end();
    await dataSource?.destroy();
    await db?.drop();
  });

  /** Runs statements as the superuser with the append-only triggers off: what `verify` must catch. */
  const tamper = async (sql: string, params: unknown[] = []): Promise<void> => {
    await pg.query('BEGIN');
    await pg.query('ALTER TABLE "audit_record" DISABLE TRIGGER "audit_record_append_only"');
    await pg.query(sql, params);
    await pg.query('ALTER TABLE "audit_record" ENABLE TRIGGER "audit_record_append_only"');
    await pg.query('COMMIT');
  };

  it('chains concurrent writers without forking: seq 1..n, each row linked, one audit.v1 outbox row each', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => audit.recordNow(read(i))));
    const { rows } = await pg.query<{ seq: string; prev_hash: string; hash: string }>('SELECT "seq", "prev_hash", "hash" FROM "audit_record" ORDER BY "seq"');
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: true, rows: 20, lastSeq: 20 });
    const outbox = await pg.query<{ topic: string; type: string; payload: { seq: number; hash: string; prevHash: string; clientId: string } }>(
      `SELECT topic, type, payload FROM outbox WHERE topic = $1 ORDER BY seq`,
      [AUDIT_TOPIC.name],
    );
    expect(outbox.rows).toHaveLength(20);
    expect(outbox.rows[0]).toMatchObject({ type: IntakeAuditRecorded.type, payload: { seq: 1, clientId: CLIENT } });
    // Each event carries its row's place in the chain (completed in SQL under the head's lock).
    expect(outbox.rows.map((o) => [o.payload.seq, o.payload.prevHash, o.payload.hash]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(
      rows.map((r) => [Number(r.seq), r.prev_hash, r.hash]),
    );
    await expect(auditCommand(options)(['verify'])).resolves.toMatch(/^audit chain intact: 20 rows/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE, even for the superuser, and keeps the head from moving back', async () => {
    await expect(pg.query(`UPDATE "audit_record" SET "outcome" = 'refused' WHERE "seq" = 1`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(pg.query(`DELETE FROM "audit_record" WHERE "seq" = 1`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(pg.query(`TRUNCATE "audit_record"`)).rejects.toThrow(/append-only: TRUNCATE refused/);
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
    expect((await verifyAuditChain(dataSource)).intact).toBe(true);
  });

  it('detects a row altered by the superuser with the trigger disabled, and the command fails', async () => {
    await tamper(`UPDATE "audit_record" SET "actor_subject" = 'someone-else' WHERE "seq" = 7`);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: false, kind: 'altered', seq: 7, rows: 6 });
    await expect(auditCommand(options)(['verify'])).rejects.toThrow(/BROKEN at seq 7 \(altered\)/);
    await tamper(`UPDATE "audit_record" SET "actor_subject" = 'manager-1' WHERE "seq" = 7`);
    expect((await verifyAuditChain(dataSource)).intact).toBe(true);
  });

  it('binds a service role that is not the owner: no UPDATE, DELETE or TRUNCATE, and no disabling the triggers', async () => {
    const role = `${db.name}_svc`;
    await pg.query(`CREATE ROLE "${role}" LOGIN NOSUPERUSER`);
    const service = new Client({ ...db.options, user: role });
    try {
      await pg.query(`GRANT SELECT, INSERT ON "audit_record" TO "${role}"`);
      await pg.query(`GRANT SELECT, UPDATE ON "audit_chain_head" TO "${role}"`);
      await service.connect();
      expect((await service.query(`SELECT count(*)::int AS n FROM "audit_record"`)).rows[0]).toEqual({ n: expect.any(Number) });
      for (const sql of [`UPDATE "audit_record" SET "reason" = NULL`, `DELETE FROM "audit_record"`, `TRUNCATE "audit_record"`]) {
        await expect(service.query(sql)).rejects.toThrow(/permission denied/);
      }
      await expect(service.query(`ALTER TABLE "audit_record" DISABLE TRIGGER "audit_record_append_only"`)).rejects.toThrow(/must be owner/);
    } finally {
      await service.end().catch(() => undefined);
      await pg.query(`REVOKE ALL ON "audit_record", "audit_chain_head" FROM "${role}"`);
      await pg.query(`DROP ROLE "${role}"`);
    }
  });

  it('detects a deleted row as a gap', async () => {
    await tamper(`DELETE FROM "audit_record" WHERE "seq" = 12`);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ intact: false, kind: 'gap', seq: 12 });
  });
});
