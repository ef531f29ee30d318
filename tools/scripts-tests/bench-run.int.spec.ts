import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { kafkaSaslFromEnv } from '@massage/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { ROOT } from './run-bash';

/**
 * bench/run.sh drops what its run created (databases bench_*_<run>, topics bench.*.<run>) even when it
 * is interrupted: a SIGTERM in the middle of a bench used to leave them behind. Real PostgreSQL and Kafka.
 */
describe('bench/run.sh', () => {
  const runId = `t${randomUUID().slice(0, 8)}`;
  const database = `bench_leftover_${runId}`;
  const topic = `bench.leftover.${runId}`;
  const kafka = new Kafka({ clientId: `scripts-tests-${runId}`, brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.ERROR, sasl: kafkaSaslFromEnv(process.env) });
  const admin = kafka.admin();
  const pg = new Client({
    host: process.env['PGHOST'] || '127.0.0.1',
    port: Number(process.env['PGPORT'] || 5432),
    user: process.env['PGUSER'] || 'postgres',
    database: 'postgres',
  });
  const databaseExists = async () => (await pg.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1;

  beforeAll(async () => {
    await pg.connect();
    await admin.connect();
  });
  afterAll(async () => {
    await pg.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    if ((await admin.listTopics()).includes(topic)) await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
    await pg.end();
  });

  it('drops the databases and topics of its run when it is stopped with SIGTERM', async () => {
    // What a bench of this run had created when the signal came.
    await pg.query(`CREATE DATABASE "${database}"`);
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });

    const run = spawn('bash', ['bench/run.sh', 'relay'], { cwd: ROOT, env: { ...process.env, BENCH_RUN_ID: runId }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const started = new Promise<void>((resolve) =>
      run.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes(`bench relay (run ${runId})`)) resolve(); // logged once its trap is set
      }),
    );
    const exited = once(run, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await started;
    run.kill('SIGTERM');
    const [code] = await exited;

    expect(code).toBe(143);
    // The line names the leftovers, among whatever the relay bench had created before the signal (databases first).
    const escaped = (name: string) => name.replace(/[.]/g, '\\.');
    expect(stderr).toMatch(new RegExp(`bench run ${runId}: dropped (.*, )?database ${escaped(database)}(, .*)?, topic ${escaped(topic)}(,|$)`, 'm'));
    expect(await databaseExists()).toBe(false);
    expect(await admin.listTopics()).not.toContain(topic);
  }, 180_000);
});
