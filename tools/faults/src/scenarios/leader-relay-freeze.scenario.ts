import { readFileSync } from 'node:fs';
import { delay } from '@massage/testing';
import { pidOwningLocalPort } from '../infra/socket-owner';
import type { ServiceProcess } from '../infra/service-process';
import type { FaultContext, Scenario } from './scenario';

/** How long the load runs against the frozen leader's standby before the suite waits for the drain. */
const FROZEN_LOAD_MS = 10_000;

/**
 * 9. The leader relay frozen: two intake replicas, the one whose relay holds the outbox leadership is
 * stopped with SIGSTOP (as a frozen VM or a vanished host: its sockets stay open). A standby must take
 * over and publish; the leader is continued (SIGCONT) only after the drain, and may then try to finish
 * what it had in hand. Recovery is measured from the freeze.
 */
export const leaderRelayFreeze: Scenario = {
  name: 'leader-freeze',
  title: 'leader relay frozen with kill -STOP (2 intake replicas), -CONT after the drain',
  intakeReplicas: 2,
  async inject(ctx) {
    const leader = await findLeader(ctx);
    const frozenAt = Date.now();
    await leader.signal('SIGSTOP');
    ctx.log(`froze the leader relay ${leader.replica} (pid ${leader.pid})`);
    // The load balancer has no health checks: requests to the frozen replica time out, as they would.
    await delay(FROZEN_LOAD_MS);
    return {
      endedAt: frozenAt,
      release: async () => {
        await leader.signal('SIGCONT');
        ctx.log(`continued ${leader.replica}`);
      },
    };
  },
};

/**
 * The intake replica leading the relay: the session holding the outbox advisory lock in intake's database,
 * mapped to its process through its TCP port; failing that, the replica that last logged taking the lead.
 */
async function findLeader({ stack, stores, intake, log }: FaultContext): Promise<ServiceProcess> {
  for (let i = 0; i < 50; i += 1) {
    const sessions = await stack.cluster.query<{ client_port: number }>(
      'postgres',
      `SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND a.datname = $1 AND a.client_port IS NOT NULL
       ORDER BY (a.application_name LIKE '%outbox%') DESC`,
      [stores.intakeDb],
    );
    const pids = intake.flatMap((p) => (p.pid === undefined ? [] : [p.pid]));
    for (const { client_port } of sessions) {
      const owner = pidOwningLocalPort(pids, client_port);
      const replica = intake.find((p) => p.pid === owner);
      if (replica) return replica;
    }
    await delay(200);
  }
  const byLog = intake.find((p) => /now publishes|leader/i.test(lastLines(p.logFile)));
  if (!byLog) throw new Error('could not tell which intake replica leads the relay');
  log(`leader found by its log (no advisory lock seen): ${byLog.replica}`);
  return byLog;
}

function lastLines(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-20_000);
  } catch {
    return '';
  }
}
