import { delay } from '@massage/testing';
import type { Scenario } from './scenario';

/** Past notification's SMTP timeouts (5 s), its handler deadline (10 s) and its session timeout (20 s). */
const STALL_MS = Number(process.env['FAULTS_SMTP_STALL_MS'] ?? 25_000);

/** 10. The SMTP server stalls: it accepts connections and never answers (past the socket, deadline and session timeouts), then recovers. */
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
