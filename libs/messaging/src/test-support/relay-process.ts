/**
 * One OutboxRelay in a process of its own, for the failover spec (which freezes it with SIGSTOP):
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register relay-process.ts <database>
 * It prints `leading` once it holds the leader lock, and `in-round <n>` when a round of n rows is on
 * Kafka; with STALL_IN_ROUND=1 it then waits forever in that round (its transaction open, its rows
 * locked), like a process frozen between send and mark. Logs go to stderr.
 */
import { kafkaSaslFromEnv } from '@massage/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { brokersFromEnv } from '../lib/kafka/kafka.factory';
import { OutboxRelay } from '../lib/outbox/outbox-relay.service';

async function main(): Promise<void> {
  const database = process.argv[2];
  if (!database) throw new Error('usage: relay-process.ts <database>');
  const dataSource = new DataSource({
    type: 'postgres',
    host: process.env['PGHOST'] || '127.0.0.1',
    port: Number(process.env['PGPORT'] || 5432),
    username: process.env['PGUSER'] || 'postgres',
    ...(process.env['PGPASSWORD'] ? { password: process.env['PGPASSWORD'] } : {}),
    database,
    applicationName: 'relay-process',
  });
  await dataSource.initialize();
  const stall = process.env['STALL_IN_ROUND'] === '1';
  const log = (message: string): void => void process.stderr.write(`[relay-process] ${message}\n`);
  const relay = new OutboxRelay({
    dataSource,
    kafka: new Kafka({ clientId: 'relay-process', brokers: brokersFromEnv(), logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) }),
    batchSize: Number(process.env['BATCH_SIZE'] || 100),
    pollIntervalMs: 200,
    logger: { log, warn: log, error: log },
    hooks: {
      afterPublish: async (ids) => {
        process.stdout.write(`in-round ${ids.length}\n`);
        if (stall) await new Promise<never>(() => undefined);
      },
    },
  });
  await relay.start();
  const announce = setInterval(() => {
    if (!relay.leading) return;
    process.stdout.write('leading\n');
    clearInterval(announce);
  }, 50);
  process.on('SIGTERM', () => {
    void relay
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`[relay-process] failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
