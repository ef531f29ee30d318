import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, DueJob, TIMER, type Clock, type Timer } from '@massage/platform';
import { WaitlistOffering } from './waitlist-offering';

/** How often the waitlist job looks for work nobody poked it about (a slot freed by a cancellation, an offer another replica made). */
export function waitlistSweepMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env['WAITLIST_SWEEP_MS'] ?? 10_000);
  if (!Number.isInteger(value) || value < 100) throw new Error('WAITLIST_SWEEP_MS must be an integer of at least 100 (milliseconds)');
  return value;
}

/**
 * The waitlist job: armed at the next offer's expiry (re-armed after every run), with a periodic sweep that picks
 * up slots freed by cancellations and reschedules (the database queues them); started with the service and
 * stopped, a run in progress finished, on shutdown. Every replica runs one; WaitlistOffering does each item once.
 */
@Injectable()
export class WaitlistJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WaitlistJob.name);
  private readonly job: DueJob;

  constructor(
    offering: WaitlistOffering,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TIMER) timer: Timer,
  ) {
    this.job = new DueJob({
      name: 'waitlist',
      runDue: (now) => offering.runDue(now),
      sweepMs: waitlistSweepMs(),
      clock,
      timer,
      onError: (error) => this.logger.warn(`waitlist run failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Work is due now (a slot was freed here, an offer declined): run as soon as possible rather than at the sweep. */
  poke(): void {
    this.job.poke(this.clock.now());
  }

  /** Resolves when no run is in progress or due (tests, after moving their clock and poking). */
  idle(): Promise<void> {
    return this.job.idle();
  }
}
