import type { ServiceProcess } from '../infra/service-process';
import type { Scenario } from './scenario';

/** 8. A rolling restart: every replica of notification (3), then of intake (2), one at a time: SIGTERM, start it again, next. */
export const rollingRestart: Scenario = {
  name: 'rolling-restart',
  title: 'rolling SIGTERM of every replica (notification ×3, then intake ×2)',
  notificationReplicas: 3,
  intakeReplicas: 2,
  async inject({ notification, intake, log }) {
    for (const replica of [...notification, ...intake] as ServiceProcess[]) {
      await replica.signal('SIGTERM');
      await replica.start();
      log(`restarted ${replica.replica}`);
    }
    return { endedAt: Date.now() };
  },
};
