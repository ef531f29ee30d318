/**
 * `cleanup.ts <run id>`: drops the databases, topics and consumer groups a bench run left behind
 * (bench/run.sh calls it on exit, also when a bench was interrupted or failed).
 */
import { brokersFromEnv, createKafka } from '@massage/messaging';
import { logLevel } from 'kafkajs';
import { dropRunLeftovers, runMain } from './bench-support';

runMain(async () => {
  const id = process.argv[2];
  if (!id) throw new Error('usage: cleanup.ts <run id>');
  const admin = createKafka({ clientId: `bench-cleanup-${id}`, brokers: brokersFromEnv(), logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  try {
    const dropped = await dropRunLeftovers(admin, id);
    console.error(dropped.length > 0 ? `bench run ${id}: dropped ${dropped.join(', ')}` : `bench run ${id}: nothing left behind`);
  } finally {
    await admin.disconnect();
  }
});
