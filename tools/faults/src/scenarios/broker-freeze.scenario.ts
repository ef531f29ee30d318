import { delay } from '@massage/testing';
import type { Scenario } from './scenario';

/** Notification's session timeout (NOTIFICATION_SESSION_TIMEOUT_MS); the freeze lasts longer, so the broker evicts every member when it wakes. */
const SESSION_TIMEOUT_MS = Number(process.env['FAULTS_SESSION_TIMEOUT_MS'] ?? 20_000);

/** 2. The broker is frozen (SIGSTOP) past the consumers' session timeout, then continued (SIGCONT). */
export const brokerFreeze: Scenario = {
  name: 'broker-freeze',
  title: `broker kill -STOP for ${(SESSION_TIMEOUT_MS + 5_000) / 1000} s (past the session timeout), then -CONT`,
  async inject({ stack, log }) {
    stack.broker.freeze();
    log('broker frozen (-STOP)');
    await delay(SESSION_TIMEOUT_MS + 5_000);
    stack.broker.thaw();
    log('broker continued (-CONT)');
    return { endedAt: Date.now() };
  },
};
