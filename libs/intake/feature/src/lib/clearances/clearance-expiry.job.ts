import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DueJobRunner, TIMER, type Clock, type Timer } from '@massage/platform';
import { ExpireClearancesService } from '../commands/expire-clearances/expire-clearances.service';

/**
 * The clearance expiry job: armed at the next clearance's expiry instant (re-armed after every run), with a
 * periodic sweep (`CLEARANCE_EXPIRY_SWEEP_MS`, default 60 s) for clearances recorded by another replica or missed;
 * recording a clearance here pokes it. Every replica runs one; ExpireClearancesService makes each expiry happen once.
 */
@Injectable()
export class ClearanceExpiryJob extends DueJobRunner {
  constructor(expire: ExpireClearancesService, @Inject(CLOCK) clock: Clock, @Inject(TIMER) timer: Timer) {
    super({ name: 'clearance expiry', runDue: (now) => expire.runDue(now), sweepEnv: 'CLEARANCE_EXPIRY_SWEEP_MS', defaultSweepMs: 60_000 }, clock, timer);
  }
}
