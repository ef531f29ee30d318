import { delay } from '@massage/testing';
import type { Scenario } from './scenario';

const CHANGES = 6;
const EVERY_MS = 3_000;

/** 7. Three notification replicas; every few seconds one leaves (SIGTERM) or one joins, so the group rebalances again and again. */
export const rebalanceStorm: Scenario = {
  name: 'rebalance-storm',
  title: `rebalance storm: 3 consumer replicas, one removed or added every ${EVERY_MS / 1000} s (${CHANGES} changes)`,
  notificationReplicas: 3,
  async inject({ notification, addReplica, log }) {
    for (let change = 0; change < CHANGES; change += 1) {
      const running = notification.filter((p) => p.running);
      if (change % 2 === 0 && running.length > 1) {
        const leaving = running[change % running.length];
        await leaving?.signal('SIGTERM');
        log(`removed ${leaving?.replica} (${running.length - 1} running)`);
      } else {
        const joined = await addReplica('notification');
        log(`added ${joined.replica} (${running.length + 1} running)`);
      }
      await delay(EVERY_MS);
    }
    return { endedAt: Date.now() };
  },
};
