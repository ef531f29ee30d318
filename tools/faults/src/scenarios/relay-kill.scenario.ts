import { delay } from '@massage/testing';
import type { Scenario } from './scenario';

/**
 * 4. The relay killed between send and mark: intake (whose relay publishes its outbox) is killed with
 * SIGKILL while it publishes under load, so a round sent to Kafka may never be marked published; it is
 * started again and republishes what it had not marked.
 */
export const relayKill: Scenario = {
  name: 'relay-kill',
  title: 'relay killed between send and mark (intake kill -9 while publishing), restarted after 2 s',
  async inject({ intake, stores, stack, log }) {
    const replica = intake[0];
    if (!replica) throw new Error('no intake replica');
    // While publishing: wait (bounded) until there are unpublished rows, i.e. a round is in hand.
    for (let i = 0; i < 50; i += 1) {
      const [row] = await stack.cluster.query<{ n: string }>(stores.intakeDb, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
      if (Number(row?.n ?? 0) > 0) break;
      await delay(20);
    }
    await replica.signal('SIGKILL');
    log('intake killed (-9)');
    await delay(2_000);
    await replica.start();
    log('intake restarted');
    return { endedAt: Date.now() };
  },
};
