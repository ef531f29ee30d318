import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Clock, Timer } from './clock';
import { DueJob, type DueJobOptions } from './due-job';
import { envInt } from './env';

/** What a service's job says about itself; everything else is the same for every job. */
export interface DueJobRunnerSettings {
  /** For log lines: "<name> run failed: …". */
  name: string;
  runDue: DueJobOptions['runDue'];
  /** The environment variable of the sweep interval in milliseconds (read once, at construction), and its default. */
  sweepEnv: string;
  defaultSweepMs: number;
}

/** A sweep interval from the environment: an integer of at least 100 ms (anything shorter is a typo, not a tuning). */
export function sweepMsFromEnv(variable: string, fallback: number): number {
  const value = envInt(variable, fallback);
  if (value < 100) throw new Error(`${variable} must be an integer of at least 100 (milliseconds)`);
  return value;
}

/**
 * A DueJob for the life of a Nest application, on the service's Clock and Timer: started at bootstrap, stopped
 * before any module's shutdown (a run in progress finishes while the database is still open), a failed run logged
 * as a warning under the job's class name. A service's job extends it, passing its runDue and settings from its
 * own constructor (where Nest injects what runDue needs, the CLOCK and the TIMER).
 */
export abstract class DueJobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  private readonly job: DueJob;

  protected constructor(
    settings: DueJobRunnerSettings,
    private readonly clock: Clock,
    timer: Timer,
  ) {
    this.job = new DueJob({
      name: settings.name,
      runDue: settings.runDue,
      sweepMs: sweepMsFromEnv(settings.sweepEnv, settings.defaultSweepMs),
      clock,
      timer,
      onError: (error) => this.logger.warn(`${settings.name} run failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Work recorded here falls due at `at` (now, by default): run then rather than at the next sweep. */
  poke(at: Date = this.clock.now()): void {
    this.job.poke(at);
  }

  /** Resolves when no run is in progress and none is due (tests, after moving their clock). */
  idle(): Promise<void> {
    return this.job.idle();
  }

  nextRunAt(): Date | undefined {
    return this.job.nextRunAt();
  }
}
