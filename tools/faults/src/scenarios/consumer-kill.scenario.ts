import { delay } from '@massage/testing';
import { countHandled } from '../measure/run-ledger';
import type { Scenario } from './scenario';

/** 3. The consumer (notification) is killed with SIGKILL while it handles a batch, and started again. */
export const consumerKill: Scenario = {
  name: 'consumer-kill',
  title: 'consumer (notification) kill -9 mid-batch, restarted after 2 s',
  async inject({ notification, stores, log }) {
    const replica = notification[0];
    if (!replica) throw new Error('no notification replica');
    // Mid-batch: wait (bounded) until it is handling records, then kill at once.
    const before = await countHandled(stores);
    for (let i = 0; i < 50 && (await countHandled(stores)) === before; i += 1) await delay(100);
    await replica.signal('SIGKILL');
    log('notification killed (-9)');
    await delay(2_000);
    await replica.start();
    log('notification restarted');
    return { endedAt: Date.now() };
  },
};
