import { ManualClock, type Timer } from './clock';
import { DueJob, type DueJobOptions } from './due-job';

const T0 = '2026-03-01T12:00:00.000Z';
const at = (offsetMs: number): Date => new Date(new Date(T0).getTime() + offsetMs);
const SWEEP = 60_000;

/** Work items due at instants; runDue does (and records) what is due, like the expiry job's guarded UPDATE. */
function workAt(...due: Date[]) {
  const items = due.map((d) => d.getTime());
  const runs: string[] = [];
  const done: string[] = [];
  const runDue = async (now: Date): Promise<Date | undefined> => {
    runs.push(now.toISOString());
    for (const item of items.filter((i) => i <= now.getTime())) {
      done.push(new Date(item).toISOString());
      items.splice(items.indexOf(item), 1);
    }
    const next = Math.min(...items);
    return Number.isFinite(next) ? new Date(next) : undefined;
  };
  return { items, runs, done, runDue, add: (d: Date) => items.push(d.getTime()) };
}

function jobWith(clock: ManualClock, runDue: DueJobOptions['runDue'], more: Partial<DueJobOptions> = {}): DueJob {
  return new DueJob({ name: 'test', runDue, sweepMs: SWEEP, clock, timer: clock, ...more });
}

describe('DueJob', () => {
  let clock: ManualClock;
  let job: DueJob | undefined;
  beforeEach(() => {
    clock = new ManualClock(T0);
  });
  afterEach(async () => {
    await job?.stop();
  });

  it('runs once at start, then exactly at the next due instant, not a millisecond before', async () => {
    const work = workAt(at(10_000));
    job = jobWith(clock, work.runDue);
    job.start();
    await job.idle();
    expect(work.runs).toEqual([T0]);
    expect(job.nextRunAt()).toEqual(at(10_000));

    clock.advanceTo(at(9_999));
    await job.idle();
    expect(work.done).toEqual([]);

    clock.advanceTo(at(10_000));
    await job.idle();
    expect(work.runs).toEqual([T0, at(10_000).toISOString()]);
    expect(work.done).toEqual([at(10_000).toISOString()]);
  });

  it('re-arms after every run for the next due instant, and sweeps when nothing is known to be due', async () => {
    const work = workAt(at(5_000), at(7_000), at(500_000));
    job = jobWith(clock, work.runDue);
    job.start();
    await job.idle();
    clock.advanceTo(at(5_000));
    await job.idle();
    expect(job.nextRunAt()).toEqual(at(7_000));
    clock.advanceTo(at(7_000));
    await job.idle();
    // The last item is further away than the sweep: the sweep comes first.
    expect(job.nextRunAt()).toEqual(at(7_000 + SWEEP));
    expect(work.done).toEqual([at(5_000).toISOString(), at(7_000).toISOString()]);
  });

  it('finds work added elsewhere (another replica) at the next sweep', async () => {
    const work = workAt();
    job = jobWith(clock, work.runDue);
    job.start();
    await job.idle();
    expect(job.nextRunAt()).toEqual(at(SWEEP));
    work.add(at(1_000));
    clock.advanceTo(at(SWEEP - 1));
    await job.idle();
    expect(work.done).toEqual([]);
    clock.advanceTo(at(SWEEP));
    await job.idle();
    expect(work.done).toEqual([at(1_000).toISOString()]);
  });

  it('poke brings the next run forward to new work due earlier, never later', async () => {
    const work = workAt(at(30_000));
    job = jobWith(clock, work.runDue);
    job.start();
    await job.idle();
    work.add(at(2_000));
    job.poke(at(2_000));
    expect(job.nextRunAt()).toEqual(at(2_000));
    job.poke(at(20_000));
    expect(job.nextRunAt()).toEqual(at(2_000));
    clock.advanceTo(at(2_000));
    await job.idle();
    expect(work.done).toEqual([at(2_000).toISOString()]);
    expect(job.nextRunAt()).toEqual(at(30_000));
  });

  it('a poke during a run is not lost: the run arms no later than the poked instant', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runDue = jest.fn(async (): Promise<Date | undefined> => {
      await gate;
      return undefined;
    });
    job = jobWith(clock, runDue);
    job.start();
    job.poke(at(3_000));
    release();
    await job.idle();
    expect(job.nextRunAt()).toEqual(at(3_000));
  });

  it('when the clock moved past the next instant during a run, runs again at once (idle waits for it)', async () => {
    const work = workAt(at(1_000));
    let release: () => void = () => undefined;
    let first = true;
    const runDue = async (now: Date): Promise<Date | undefined> => {
      if (first) {
        first = false;
        await new Promise<void>((resolve) => (release = resolve));
      }
      return work.runDue(now);
    };
    job = jobWith(clock, runDue);
    job.start();
    // The first run (at T0) is still reading while the clock passes the item's instant: no timer is armed to fire.
    clock.advanceTo(at(5_000));
    release();
    await job.idle();
    expect(work.runs).toEqual([T0, at(5_000).toISOString()]);
    expect(work.done).toEqual([at(1_000).toISOString()]);
    expect(job.nextRunAt()).toEqual(at(5_000 + SWEEP));
  });

  it('one run at a time: a wake-up during a run runs again right after it', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const runs: string[] = [];
    // The first run reports work already due (added while it ran), so its own re-arm wakes the job mid-run.
    const runDue = async (now: Date): Promise<Date | undefined> => {
      runs.push(now.toISOString());
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await Promise.resolve();
      inFlight--;
      return runs.length === 1 ? now : undefined;
    };
    // A timer that fires synchronously when nothing is left to wait (as a zero delay could, in the worst case).
    const immediate: Timer = { after: (ms, run) => (ms <= 0 ? (run(), () => undefined) : clock.after(ms, run)) };
    job = new DueJob({ name: 'test', runDue, sweepMs: SWEEP, clock, timer: immediate });
    job.start();
    await job.idle();
    expect(runs).toEqual([T0, T0]);
    expect(maxInFlight).toBe(1);
    expect(job.nextRunAt()).toEqual(at(SWEEP));
  });

  it('after a failed run, reports the error and tries again after retryMs', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const runDue = jest.fn(async (): Promise<Date | undefined> => {
      if (fail) throw new Error('database down');
      return undefined;
    });
    job = jobWith(clock, runDue, { retryMs: 5_000, onError: (e) => errors.push(e) });
    job.start();
    await job.idle();
    expect(errors).toEqual([new Error('database down')]);
    expect(job.nextRunAt()).toEqual(at(5_000));
    fail = false;
    clock.advanceTo(at(5_000));
    await job.idle();
    expect(runDue).toHaveBeenCalledTimes(2);
    expect(job.nextRunAt()).toEqual(at(5_000 + SWEEP));
  });

  it('a timer that wakes early arms again for the rest instead of running', async () => {
    const work = workAt(at(10_000));
    // Fires after half the delay, as a clamped or skewed timer might.
    const early: Timer = { after: (ms, run) => clock.after(Math.ceil(ms / 2), run) };
    job = new DueJob({ name: 'test', runDue: work.runDue, sweepMs: SWEEP, clock, timer: early });
    job.start();
    await job.idle();
    clock.advanceTo(at(9_999));
    await job.idle();
    expect(work.runs).toEqual([T0]);
    clock.advanceTo(at(10_000));
    await job.idle();
    expect(work.done).toEqual([at(10_000).toISOString()]);
  });

  it('stop disarms and waits for the run in progress; nothing runs afterwards', async () => {
    let release: () => void = () => undefined;
    let finished = false;
    const runDue = jest.fn(async (): Promise<Date | undefined> => {
      await new Promise<void>((resolve) => (release = resolve));
      finished = true;
      return at(1_000);
    });
    job = jobWith(clock, runDue);
    job.start();
    const stopping = job.stop();
    release();
    await stopping;
    expect(finished).toBe(true);
    expect(job.nextRunAt()).toBeUndefined();
    expect(clock.armed()).toEqual([]);
    clock.advance(10 * SWEEP);
    expect(runDue).toHaveBeenCalledTimes(1);
  });
});
