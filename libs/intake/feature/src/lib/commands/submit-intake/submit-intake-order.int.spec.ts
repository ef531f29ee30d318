import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditSealer } from '@massage/audit';
import { IntakeCompletedV2Event, kafkaSaslFromEnv, type PressureLevel } from '@massage/contracts';
import { exampleSubmitIntakeRequest, type SubmitIntakeRequest } from '@massage/intake-api';
import { OutboxRelay } from '@massage/messaging';
import { runMigrations } from '@massage/platform-database';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { collectTopic, createTestDatabase, createTestTopic, testKafka, waitFor, type TestDatabase, type TestTopic } from '@massage/testing';
import { Kafka, logLevel } from 'kafkajs';
import { RegisterClientService } from '../register-client/register-client.service';
import { IntakeModule } from '../../intake.module';
import { intakeDataSourceOptions } from '../../intake.database';
import { SubmitIntakeService } from './submit-intake.service';

jest.setTimeout(60_000);

const LOCATION = 'downtown-toronto';
const actor: Actor = { subject: `manager@${LOCATION}`, role: 'location-manager', locationId: LOCATION };
/** Advisory lock the test holds to keep a transaction open right after its outbox insert. */
const GATE = 4242;

const submission = (pressurePreference: PressureLevel): SubmitIntakeRequest => {
  const body = exampleSubmitIntakeRequest(new Date(Date.now() - 60_000).toISOString());
  return { ...body, answers: { ...body.answers, pressurePreference } };
};

describe('submit-intake: per-client event order follows commit order (PostgreSQL + Kafka)', () => {
  let db: TestDatabase;
  let pg: Client;
  let app: INestApplicationContext;
  let topic: TestTopic;
  let brokers: string[];

  beforeAll(async () => {
    process.env['PGHOST'] ||= '127.0.0.1';
    db = await createTestDatabase('intake_order');
    process.env['DB_NAME'] = db.name;
    process.env['AUTH_ASSERTION_PUBLIC_KEYS'] = generateAssertionKeyPair('intake-order-spec').publicKeysJson;
    await runMigrations(intakeDataSourceOptions(), () => undefined);
    pg = new Client(db.options);
    await pg.connect();
    // A transaction whose IntakeCompleted v2 asks for P4 pressure stops right after its outbox insert
    // until the test opens the gate: it holds its seq but has not committed.
    await pg.query(`
      CREATE FUNCTION wait_at_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_advisory_xact_lock_shared(${GATE}); RETURN NULL; END $$`);
    await pg.query(`
      CREATE TRIGGER wait_at_gate AFTER INSERT ON outbox FOR EACH ROW
      WHEN (NEW.type = '${IntakeCompletedV2Event.type}' AND NEW.payload->>'pressurePreference' = 'P4') EXECUTE FUNCTION wait_at_gate()`);

    const moduleRef = await Test.createTestingModule({ imports: [IntakeModule] })
      .overrideProvider(OutboxRelay)
      .useValue({ start: async () => undefined, stop: async () => undefined, status: async () => ({ leading: false, kafkaConnected: false, parked: 0 }) })
      .compile();
    app = await moduleRef.createNestApplication({ logger: ['error'] }).init();
    ({ brokers } = await testKafka());
    topic = await createTestTopic(brokers, 'intake-order', { partitions: 3 });
  });

  afterAll(async () => {
    await app?.close();
    await topic?.drop();
    await pg?.end();
    await db?.drop();
  });

  it('a second intake of the same client waits for the first to commit: outbox seq order = commit order = Kafka order', async () => {
    const client = await app.get(RegisterClientService).register({
      locationId: LOCATION,
      correlationId: randomUUID(),
      actor,
      idempotencyKey: randomUUID(),
      registration: { givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', preferredChannel: 'email', dateOfBirth: '1985-12-10' },
    });
    const submit = (pressure: PressureLevel) =>
      app.get(SubmitIntakeService).submit({
        locationId: LOCATION,
        clientId: client.id,
        correlationId: randomUUID(),
        actor,
        idempotencyKey: randomUUID(),
        submission: submission(pressure),
      });
    const committed: string[] = [];
    const waiting = async (): Promise<number> =>
      Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [db.name])).rows[0]?.n);

    const gate = new Client(db.options);
    await gate.connect();
    try {
      await gate.query('SELECT pg_advisory_lock($1)', [GATE]);
      // First: locks the client, inserts its intake and outbox row (the lower seq), stops at the gate.
      const first = submit('P4').then((r) => void committed.push(r.id));
      await waitFor(async () => (await waiting()) === 1, { description: 'the first intake to stop at the gate' });
      // Second: with FOR SHARE it would insert its row (the higher seq) and commit before the first.
      const second = submit('P2').then((r) => void committed.push(r.id));
      await waitFor(async () => committed.length === 1 || (await waiting()) === 2, { description: 'the second intake to commit or to wait' });
      await gate.query('SELECT pg_advisory_unlock($1)', [GATE]);
      await Promise.all([first, second]);
    } finally {
      await gate.end();
    }

    const { rows } = await pg.query<{ intakeId: string }>(
      `SELECT payload->>'intakeId' AS "intakeId" FROM outbox WHERE key = $1 AND type = $2 ORDER BY seq`,
      [client.id, IntakeCompletedV2Event.type],
    );
    expect(rows.map((r) => r.intakeId)).toEqual(committed);

    // Publish this client's IntakeCompleted v2 rows (to a test topic, not the shared one) with a real relay. The audit
    // sealer writes its AuditRecorded rows on its own schedule (ADR 0025): seal now, so none arrives after the marking.
    await app.get(AuditSealer).sealAll();
    await pg.query(`UPDATE outbox SET topic = $1 WHERE key = $2 AND type = $3`, [topic.name, client.id, IntakeCompletedV2Event.type]);
    await pg.query(`UPDATE outbox SET published_at = now() WHERE topic <> $1`, [topic.name]);
    const collector = await collectTopic(brokers, topic.name, { fromBeginning: true });
    const relay = new OutboxRelay({
      dataSource: app.get(DataSource),
      kafka: new Kafka({ clientId: 'intake-order-spec', brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }),
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    });
    try {
      expect(await relay.drainOnce()).toBe(2);
      const messages = await collector.waitForMessages(2);
      expect(messages.map((m) => m.key)).toEqual([client.id, client.id]);
      expect(messages.map((m) => JSON.parse(m.value ?? 'null').intakeId)).toEqual(committed);
    } finally {
      await relay.stop();
      await collector.stop();
    }
  });
});
