import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, DueJob, envInt, TIMER, type Clock, type Timer } from '@massage/platform';
import { NotifyExpiringLicencesService } from '../commands/notify-expiring-licences/notify-expiring-licences.service';

/** How often the job looks for due notices when none is known (a licence recorded since, on any replica). */
export function licenceNoticeSweepMs(): number {
  const value = envInt('LICENCE_NOTICE_SWEEP_MS', 600_000);
  if (value < 100) throw new Error('LICENCE_NOTICE_SWEEP_MS must be an integer of at least 100 (milliseconds)');
  return value;
}

/**
 * The licence notice job: armed at the next licence's notice instant (re-armed after every run), with a
 * periodic sweep that finds licences recorded since; started with the service, stopped (a run in progress
 * finished) on shutdown. Every replica runs one; NotifyExpiringLicencesService makes each notice happen once.
 */
@Injectable()
export class LicenceExpiryJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LicenceExpiryJob.name);
  private readonly job: DueJob;

  constructor(notices: NotifyExpiringLicencesService, @Inject(CLOCK) clock: Clock, @Inject(TIMER) timer: Timer) {
    this.job = new DueJob({
      name: 'licence-expiry',
      runDue: (now) => notices.runDue(now),
      sweepMs: licenceNoticeSweepMs(),
      clock,
      timer,
      onError: (error) => this.logger.warn(`licence notice run failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  /** Before any module's shutdown: a run in progress finishes while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Resolves when no run is in progress (tests, after moving their clock). */
  idle(): Promise<void> {
    return this.job.idle();
  }

  nextRunAt(): Date | undefined {
    return this.job.nextRunAt();
  }
}
