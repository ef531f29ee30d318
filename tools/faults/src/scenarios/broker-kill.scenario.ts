import { delay } from '@massage/testing';
import type { Scenario } from './scenario';

/** 1. The broker is killed with SIGKILL (no controlled shutdown) and started again on the same data after a pause. */
export const brokerKill: Scenario = {
  name: 'broker-kill',
  title: 'broker kill -9, restarted after 5 s',
  async inject({ stack, log }) {
    await stack.broker.kill();
    log('broker killed (-9)');
    await delay(5_000);
    await stack.broker.restart();
    log('broker restarted and ready');
    return { endedAt: Date.now() };
  },
};
