import { CLOCK, DueJobRunner, TIMER, type Clock, type Timer } from '@massage/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';
import { DUE_AT_KEY } from './appointment-messages.service';
import { SendDueMessagesService } from './send-due-messages.service';

/**
 * The appointment messages' worker on the platform Clock: armed at the next due instant (re-armed after every
 * run), with a periodic sweep (`NOTIFICATION_MESSAGE_SWEEP_MS`, default 15 s) for rows other replicas wrote. A
 * handler's transaction that wrote a message due earlier pokes it once committed (a TypeORM commit subscriber), so
 * a confirmation goes out at once rather than at the next sweep. Every replica runs one; SKIP LOCKED shares the rows.
 */
@Injectable()
export class ScheduledMessageJob extends DueJobRunner implements EntitySubscriberInterface {
  constructor(send: SendDueMessagesService, dataSource: DataSource, @Inject(CLOCK) clock: Clock, @Inject(TIMER) timer: Timer) {
    super({ name: 'appointment messages', runDue: (now) => send.runDue(now), sweepEnv: 'NOTIFICATION_MESSAGE_SWEEP_MS', defaultSweepMs: 15_000 }, clock, timer);
    dataSource.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    const dueAt = data[DUE_AT_KEY];
    if (!(dueAt instanceof Date)) return;
    delete data[DUE_AT_KEY];
    this.poke(dueAt);
  }
}
