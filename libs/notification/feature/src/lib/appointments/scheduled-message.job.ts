import { CLOCK, DueJob, envInt, TIMER, type Clock, type Timer } from '@massage/platform';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
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
export class ScheduledMessageJob implements OnApplicationBootstrap, BeforeApplicationShutdown, EntitySubscriberInterface {
  private readonly logger = new Logger(ScheduledMessageJob.name);
  private readonly job: DueJob;

  constructor(send: SendDueMessagesService, dataSource: DataSource, @Inject(CLOCK) clock: Clock, @Inject(TIMER) timer: Timer) {
    this.job = new DueJob({
      name: 'appointment-messages',
      runDue: (now) => send.runDue(now),
      sweepMs: envInt('NOTIFICATION_MESSAGE_SWEEP_MS', 15_000),
      clock,
      timer,
      onError: (error) => this.logger.warn(`appointment messages run failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    dataSource.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown>;
    const dueAt = data[DUE_AT_KEY];
    if (!(dueAt instanceof Date)) return;
    delete data[DUE_AT_KEY];
    this.job.poke(dueAt);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  /** Before any module's shutdown: a send in progress finishes (and records) while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  poke(at: Date): void {
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
