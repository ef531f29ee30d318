import { delay } from '@massage/testing';
import type { Scenario } from './scenario';

const STALL_MS = Number(process.env['FAULTS_SMTP_STALL_MS'] ?? 35_000);

/** 10. The SMTP server stalls: it accepts connections and never answers (past the 30 s socket and session timeouts), then recovers. */
export const smtpStall: Scenario = {
  name: 'smtp-stall',
  title: `SMTP server stalls for ${STALL_MS / 1000} s (accepts connections, never answers), then recovers`,
  async inject({ stack, log }) {
    stack.front.stall();
    log('SMTP stalled');
    await delay(STALL_MS);
    stack.front.resume();
    log('SMTP answers again');
    return { endedAt: Date.now() };
  },
};
