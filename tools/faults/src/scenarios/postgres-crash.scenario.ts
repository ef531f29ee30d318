import { delay } from '@massage/testing';
import type { Scenario } from './scenario';

/** 5. PostgreSQL (the suite's own cluster, both services' databases) stopped in immediate mode, restarted after a pause. */
export const postgresCrash: Scenario = {
  name: 'postgres-crash',
  title: 'PostgreSQL pg_ctl stop -m immediate, restarted after 5 s',
  async inject({ stack, log }) {
    await stack.cluster.stopImmediate();
    log('PostgreSQL stopped (immediate)');
    await delay(5_000);
    await stack.cluster.startServer();
    log('PostgreSQL restarted (crash recovery done)');
    return { endedAt: Date.now() };
  },
};
