import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DueJobRunner, TIMER, type Clock, type Timer } from '@massage/platform';
import { WaitlistOffering } from './waitlist-offering';

/**
 * The waitlist job: armed at the next offer's expiry (re-armed after every run), poked (`poke()`: due now) after a
 * commit that freed a slot here (a cancellation, a reschedule away, a decline or leave), with a periodic sweep
 * (`WAITLIST_SWEEP_MS`, default 10 s) for slots freed on another replica or left by a failed run (the database
 * queues them). Every replica runs one; WaitlistOffering does each item once.
 */
@Injectable()
export class WaitlistJob extends DueJobRunner {
  constructor(offering: WaitlistOffering, @Inject(CLOCK) clock: Clock, @Inject(TIMER) timer: Timer) {
    super({ name: 'waitlist', runDue: (now) => offering.runDue(now), sweepEnv: 'WAITLIST_SWEEP_MS', defaultSweepMs: 10_000 }, clock, timer);
  }
}
