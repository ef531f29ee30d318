import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DueJobRunner, TIMER, type Clock, type Timer } from '@massage/platform';
import { WaitlistOffering } from './waitlist-offering';

/**
 * The waitlist job: armed at the next offer's expiry (re-armed after every run), poked (`poke()`: due now) after a
 * decline or leave here, with a periodic sweep (`WAITLIST_SWEEP_MS`, default 10 s) that picks up slots freed by
 * cancellations and reschedules (the database queues them). Every replica runs one; WaitlistOffering does each
 * item once.
 */
@Injectable()
export class WaitlistJob extends DueJobRunner {
  constructor(offering: WaitlistOffering, @Inject(CLOCK) clock: Clock, @Inject(TIMER) timer: Timer) {
    super({ name: 'waitlist', runDue: (now) => offering.runDue(now), sweepEnv: 'WAITLIST_SWEEP_MS', defaultSweepMs: 10_000 }, clock, timer);
  }
}
