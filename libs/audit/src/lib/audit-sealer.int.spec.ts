import { DataSource } from 'typeorm';
import { CreateMessagingTables1764230400000, MESSAGING_ENTITIES, MessagingReliability1764900000000 } from '@massage/messaging';
import { serviceDataSourceOptions } from '@massage/platform-database';
import { createTestDatabase, type TestDatabase } from '@massage/testing';
import { SEAL_BATCH_READ } from './audit-sealer.service';
import { CreateAuditTrail1765100000000 } from './migrations/1765100000000-create-audit-trail.migration';
import { SealAuditChain1767300000000 } from './migrations/1767300000000-seal-audit-chain.migration';

jest.setTimeout(60_000);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

/**
 * The sealer's batch read must cost what the batch holds, not what the chain holds. Its former `EXISTS` in the
 * select list became, with the churning queue's statistics stale (many rows when analysed, few now), a hashed
 * subplan that read all of `audit_chain` for every batch. This builds that state on a chain of 20,000 links.
 */
describe('the audit sealer on a long chain (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    process.env['PGHOST'] ||= '127.0.0.1';
    db = await createTestDatabase('audit_sealer');
    dataSource = new DataSource(
      serviceDataSourceOptions({
        defaultDatabase: db.name,
        database: db.name,
        entities: [...MESSAGING_ENTITIES],
        migrations: [CreateMessagingTables1764230400000, MessagingReliability1764900000000, CreateAuditTrail1765100000000, SealAuditChain1767300000000],
      }),
    );
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(`ALTER TABLE "audit_unsealed" SET (autovacuum_enabled = false)`);
    await dataSource.query(
      `INSERT INTO "audit_record" ("id", "recorded_at", "actor_subject", "actor_role", "actor_location", "action", "operation", "resource_type", "outcome")
       SELECT gen_random_uuid(), date_trunc('milliseconds', now()), 'manager-1', 'location-manager', 'downtown', 'read', 'intake.read', 'intake', 'allowed'
         FROM generate_series(1, 40000)`,
    );
    // Links only (their hashes are not what this measures): 20,000 chained, the rest queued, analysed, then sealed
    // but for 60 as far as the queue is concerned, without the statistics knowing.
    await dataSource.query(`INSERT INTO "audit_chain" ("seq", "record_seq", "prev_hash", "hash") SELECT "seq", "seq", repeat('a', 64), repeat('b', 64) FROM "audit_record" WHERE "seq" <= 20000`);
    await dataSource.query(`INSERT INTO "audit_unsealed" ("record_seq") SELECT "seq" FROM "audit_record" WHERE "seq" > 20000`);
    await dataSource.query(`ANALYZE`);
    await dataSource.query(`DELETE FROM "audit_unsealed" WHERE "record_seq" > 20060`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('reads a batch through the indexes: the records and their links probed per queued record, no table scanned or hashed', async () => {
    const [explained] = (await dataSource.query(`EXPLAIN (FORMAT JSON) ${SEAL_BATCH_READ.replace('$1', '500')}`)) as { 'QUERY PLAN': [{ Plan: PlanNode }] }[];
    const plan = nodes((explained as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan);
    const scans = plan.filter((n) => n['Relation Name'] !== undefined).map((n) => `${n['Node Type']} ${n['Relation Name']}`);
    expect(scans.sort()).toEqual(['Index Only Scan audit_chain', 'Index Only Scan audit_unsealed', 'Index Scan audit_record']);
    expect(plan.filter((n) => n['Node Type'] === 'Hash')).toEqual([]);
  });

  it('answers the queued records in order, each with whether it is already chained', async () => {
    await dataSource.query(`INSERT INTO "audit_unsealed" ("record_seq") VALUES (5)`); // a queue entry of a chained record
    const rows = (await dataSource.query(SEAL_BATCH_READ, [3])) as { seq: string; chained: boolean }[];
    expect(rows.map((r) => [Number(r.seq), r.chained])).toEqual([
      [5, true],
      [20001, false],
      [20002, false],
    ]);
  });
});
