/**
 * Time as a dependency: code that acts at an instant takes a Clock and a Timer, so tests move time instead of
 * sleeping (../shared/STYLE.md). Shared by every service's scheduled work (clearance expiry today; booking
 * holds and reminders later). Kept tiny on purpose.
 */
export interface Clock {
  now(): Date;
}

/** Runs `run` once after `ms` milliseconds; the returned function cancels it. */
export interface Timer {
  after(ms: number, run: () => void): () => void;
}

export const systemClock: Clock = { now: () => new Date() };

/** Injection tokens of a service's Clock and Timer (provide systemClock/systemTimer; tests a ManualClock for both). */
export const CLOCK = 'CLOCK';
export const TIMER = 'TIMER';

/** setTimeout's longest delay (about 24.8 days); longer waits wake up early and arm again. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Node's timers, unref'd: an armed timer never keeps a process alive on its own. */
export const systemTimer: Timer = {
  after: (ms, run) => {
    const handle = setTimeout(run, Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS));
    handle.unref();
    return () => clearTimeout(handle);
  },
};

interface PendingTimer {
  at: number;
  seq: number;
  run: () => void;
}

/**
 * A clock and timer that move only when told (tests): `advanceTo` fires every timer due by then, earliest
 * first, each seeing `now()` at its own due instant; timers armed while firing are honoured too. A timer armed
 * with no delay outside an advance fires on its own right after (like setTimeout(0)): work that ran while the
 * test moved the clock, and re-arms for an instant already past, goes on without another advance.
 */
export class ManualClock implements Clock, Timer {
  private current: number;
  private pending: PendingTimer[] = [];
  private seq = 0;
  private advancing = false;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  after(ms: number, run: () => void): () => void {
    if (ms <= 0 && !this.advancing) {
      const handle = setImmediate(run);
      return () => clearImmediate(handle);
    }
    const timer: PendingTimer = { at: this.current + Math.max(0, ms), seq: this.seq++, run };
    this.pending.push(timer);
    return () => {
      this.pending = this.pending.filter((t) => t !== timer);
    };
  }

  /** The due instants of the timers still armed, earliest first. */
  armed(): Date[] {
    return this.sorted().map((t) => new Date(t.at));
  }

  advanceTo(to: Date | string): void {
    const target = new Date(to).getTime();
    if (target < this.current) throw new Error(`a ManualClock does not go back (now ${this.now().toISOString()}, asked ${new Date(target).toISOString()})`);
    this.advancing = true;
    try {
      for (let next = this.sorted()[0]; next !== undefined && next.at <= target; next = this.sorted()[0]) {
        this.pending = this.pending.filter((t) => t !== next);
        this.current = Math.max(this.current, next.at);
        next.run();
      }
    } finally {
      this.advancing = false;
    }
    this.current = target;
  }

  advance(ms: number): void {
    this.advanceTo(new Date(this.current + ms));
  }

  private sorted(): PendingTimer[] {
    return [...this.pending].sort((a, b) => a.at - b.at || a.seq - b.seq);
  }
}
