import { systemClock, systemTimer, type Clock, type Timer } from './clock';

export interface DueJobOptions {
  /** For log lines. */
  name: string;
  /**
   * Does everything due at `now` and resolves to the next instant something falls due, or undefined when
   * nothing is pending. Must be safe to run on several replicas at once (each item done exactly once).
   */
  runDue(now: Date): Promise<Date | undefined>;
  /** Runs at least this often even when nothing is known to be due: work added by another replica is found. */
  sweepMs: number;
  /** After a failed run, the next attempt comes this soon (or at the sweep, if sooner). Default 5 s. */
  retryMs?: number;
  clock?: Clock;
  timer?: Timer;
  onError?(error: unknown): void;
}

/**
 * Runs a job at the instants its work falls due: once at start, then at the next due instant the job reports
 * (or at the periodic sweep, whichever is sooner), re-arming after every run. One run at a time: a wake-up
 * during a run runs it again right after. `poke(at)` brings the next run forward when new work is due earlier
 * than what is armed (e.g. this replica just recorded it).
 */
export class DueJob {
  private readonly clock: Clock;
  private readonly timer: Timer;
  private cancel: (() => void) | undefined;
  private armedAt: number | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private pokedDuringRun: number | undefined;
  private stopped = true;

  constructor(private readonly options: DueJobOptions) {
    this.clock = options.clock ?? systemClock;
    this.timer = options.timer ?? systemTimer;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wake();
  }

  /** Disarms and waits for a run in progress to finish; nothing runs afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.disarm();
    await this.running;
  }

  /** New work is due at `at`: run then, unless something earlier is already armed. */
  poke(at: Date): void {
    if (this.stopped) return;
    if (this.running) {
      // The run in progress may have read the work before this was added: it arms no later than `at`.
      this.pokedDuringRun = Math.min(this.pokedDuringRun ?? Infinity, at.getTime());
      return;
    }
    if (this.armedAt === undefined || at.getTime() < this.armedAt) this.arm(at.getTime());
  }

  /**
   * Resolves when no run is in progress and none is due now (tests await it after moving their clock): a run
   * that re-armed for an instant already past (the clock moved while it ran) is waited for too.
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      else if (this.armedAt !== undefined && this.armedAt <= this.clock.now().getTime()) await new Promise<void>((resolve) => setImmediate(resolve));
      else return;
    }
  }

  /** The instant the next run is armed for, if any. */
  nextRunAt(): Date | undefined {
    return this.armedAt === undefined ? undefined : new Date(this.armedAt);
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.disarm();
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async runOnce(): Promise<void> {
    const now = this.clock.now().getTime();
    let next: number;
    try {
      const due = await this.options.runDue(new Date(now));
      next = Math.min(due?.getTime() ?? Infinity, now + this.options.sweepMs);
    } catch (error: unknown) {
      this.options.onError?.(error);
      next = now + Math.min(this.options.retryMs ?? 5_000, this.options.sweepMs);
    }
    if (this.pokedDuringRun !== undefined) {
      next = Math.min(next, this.pokedDuringRun);
      this.pokedDuringRun = undefined;
    }
    if (!this.stopped) this.arm(next);
  }

  private arm(at: number): void {
    this.disarm();
    this.armedAt = at;
    this.cancel = this.timer.after(at - this.clock.now().getTime(), () => {
      this.cancel = undefined;
      // A timer may wake early (clamped long delays, clock adjustments): arm again for the rest.
      if (this.clock.now().getTime() < at) this.arm(at);
      else this.wake();
    });
  }

  private disarm(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.armedAt = undefined;
  }
}
