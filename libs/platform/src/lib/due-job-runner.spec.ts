import { Inject, Injectable, type INestApplication, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CLOCK, ManualClock, TIMER, type Clock, type Timer } from './clock';
import { DueJobRunner, sweepMsFromEnv } from './due-job-runner';

const T0 = '2026-03-01T12:00:00.000Z';
const at = (offsetMs: number): Date => new Date(new Date(T0).getTime() + offsetMs);
const SWEEP_ENV = 'DUE_JOB_RUNNER_SPEC_SWEEP_MS';

/** What the job runs: records each run's instant; a test can make it fail or hold it open. */
@Injectable()
class Work {
  runs: string[] = [];
  failWith: Error | undefined;
  gate: Promise<void> | undefined;
  async runDue(now: Date): Promise<Date | undefined> {
    this.runs.push(now.toISOString());
    await this.gate;
    if (this.failWith) throw this.failWith;
    return undefined;
  }
}

/** A service's job as the services write theirs: its work, its name and sweep setting, nothing else. */
@Injectable()
class SpecJob extends DueJobRunner {
  constructor(work: Work, @Inject(CLOCK) clock: Clock, @Inject(TIMER) timer: Timer) {
    super({ name: 'spec work', runDue: (now) => work.runDue(now), sweepEnv: SWEEP_ENV, defaultSweepMs: 60_000 }, clock, timer);
  }
}

describe('DueJobRunner', () => {
  let clock: ManualClock;
  let app: INestApplication | undefined;
  const warnings: { message: unknown; context: unknown }[] = [];
  const capture: LoggerService = {
    log: () => undefined,
    error: () => undefined,
    warn: (message: unknown, context?: unknown) => warnings.push({ message, context }),
  };

  /** The job in a Nest application, initialised (its first run over); `prepare` sets the work up before that. */
  const start = async (prepare: (work: Work) => void = () => undefined): Promise<{ job: SpecJob; work: Work }> => {
    const moduleRef = await Test.createTestingModule({
      providers: [Work, SpecJob, { provide: CLOCK, useValue: clock }, { provide: TIMER, useValue: clock }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: capture });
    const work = app.get(Work);
    const job = app.get(SpecJob);
    expect(work.runs).toEqual([]);
    prepare(work);
    await app.init();
    await job.idle();
    return { job, work };
  };

  beforeEach(() => {
    clock = new ManualClock(T0);
    warnings.length = 0;
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    delete process.env[SWEEP_ENV];
  });

  it('starts with the application (one run at once, then the sweep from its setting)', async () => {
    process.env[SWEEP_ENV] = '30000';
    const { job, work } = await start();
    expect(work.runs).toEqual([T0]);
    expect(job.nextRunAt()).toEqual(at(30_000));
    clock.advanceTo(at(30_000));
    await job.idle();
    expect(work.runs).toEqual([T0, at(30_000).toISOString()]);
  });

  it('poke() runs now; poke(at) arms for that instant', async () => {
    const { job, work } = await start();
    expect(job.nextRunAt()).toEqual(at(60_000));
    job.poke(at(5_000));
    expect(job.nextRunAt()).toEqual(at(5_000));
    clock.advanceTo(at(1_000));
    job.poke();
    await job.idle();
    expect(work.runs).toEqual([T0, at(1_000).toISOString()]);
  });

  it('logs a failed run as a warning under the job class name and tries again', async () => {
    const { job } = await start((work) => (work.failWith = new Error('database down')));
    expect(warnings).toEqual([{ message: 'spec work run failed: database down', context: 'SpecJob' }]);
    expect(job.nextRunAt()).toEqual(at(5_000));
  });

  it('stops before the application shuts down: the run in progress finishes, nothing runs afterwards', async () => {
    const { job, work } = await start();
    let release: () => void = () => undefined;
    work.gate = new Promise<void>((resolve) => (release = resolve));
    job.poke();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(work.runs).toHaveLength(2);
    let closed = false;
    const closing = app?.close().then(() => (closed = true));
    app = undefined;
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    release();
    await closing;
    expect(job.nextRunAt()).toBeUndefined();
    clock.advance(10 * 60_000);
    expect(work.runs).toHaveLength(2);
  });

  it('reads the sweep from its environment variable: an integer of at least 100 ms, the default when unset or empty', () => {
    expect(sweepMsFromEnv(SWEEP_ENV, 15_000)).toBe(15_000);
    process.env[SWEEP_ENV] = '';
    expect(sweepMsFromEnv(SWEEP_ENV, 15_000)).toBe(15_000);
    process.env[SWEEP_ENV] = '100';
    expect(sweepMsFromEnv(SWEEP_ENV, 15_000)).toBe(100);
    process.env[SWEEP_ENV] = '99';
    expect(() => sweepMsFromEnv(SWEEP_ENV, 15_000)).toThrow(`${SWEEP_ENV} must be an integer of at least 100 (milliseconds)`);
    process.env[SWEEP_ENV] = '1.5';
    expect(() => sweepMsFromEnv(SWEEP_ENV, 15_000)).toThrow(/must be an integer/);
  });
});
