import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, DueJob, TIMER, type Clock, type Timer } from '@massage/platform';
import { ExpireClearancesService } from '../commands/expire-clearances/expire-clearances.service';

/** How often the job looks for due clearances when none is known (recorded by another replica, or missed). */
export function clearanceSweepMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env['CLEARANCE_EXPIRY_SWEEP_MS'] ?? 60_000);
  if (!Number.isInteger(value) || value < 100) throw new Error('CLEARANCE_EXPIRY_SWEEP_MS must be an integer of at least 100 (milliseconds)');
  return value;
}

/**
 * The clearance expiry job: armed at the next clearance's expiry instant (re-armed after every run), with a
 * periodic sweep; started with the service and stopped (a run in progress finished) on shutdown. Every replica
 * runs one; ExpireClearancesService makes each expiry happen once.
 */
@Injectable()
export class ClearanceExpiryJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ClearanceExpiryJob.name);
  private readonly job: DueJob;

  constructor(expire: ExpireClearancesService, @Inject(CLOCK) clock: Clock, @Inject(TIMER) timer: Timer) {
    this.job = new DueJob({
      name: 'clearance-expiry',
      runDue: (now) => expire.runDue(now),
      sweepMs: clearanceSweepMs(),
      clock,
      timer,
      onError: (error) => this.logger.warn(`clearance expiry run failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  /** Before any module's shutdown: a run in progress finishes while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** A clearance recorded here expires at `at`: arm for it now rather than at the next sweep. */
  poke(at: Date): void {
    this.job.poke(at);
  }

  /** Resolves when no run is in progress (tests, after moving their clock). */
  idle(): Promise<void> {
    return this.job.idle();
  }

  nextRunAt(): Date | undefined {
    return this.job.nextRunAt();
  }
}
