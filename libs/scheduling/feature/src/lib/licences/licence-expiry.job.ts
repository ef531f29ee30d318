import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DueJobRunner, TIMER, type Clock, type Timer } from '@massage/platform';
import { NotifyExpiringLicencesService } from '../commands/notify-expiring-licences/notify-expiring-licences.service';

/**
 * The licence notice job: armed at the next licence's notice instant (re-armed after every run), with a periodic
 * sweep (`LICENCE_NOTICE_SWEEP_MS`, default 10 min) that finds licences recorded since, on any replica. Every
 * replica runs one; NotifyExpiringLicencesService makes each notice happen once.
 */
@Injectable()
export class LicenceExpiryJob extends DueJobRunner {
  constructor(notices: NotifyExpiringLicencesService, @Inject(CLOCK) clock: Clock, @Inject(TIMER) timer: Timer) {
    super({ name: 'licence notice', runDue: (now) => notices.runDue(now), sweepEnv: 'LICENCE_NOTICE_SWEEP_MS', defaultSweepMs: 600_000 }, clock, timer);
  }
}
