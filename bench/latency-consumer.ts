/**
 * The consuming service of the relay latency bench, in its own process as it would be in production
 * (the writers and the relay are another service): a ReliableKafkaTransport in a Nest microservice
 * with one `@EventPattern` handler that notes when it was called and when its inbox transaction
 * committed. Forked by relay.bench.ts with its settings in LATENCY_CONSUMER (JSON); reports over IPC:
 * `{ ready: true }` once listening, then `{ handled: [eventId, calledAt, committedAt][] }` every 20 ms;
 * closes and exits on `stop`.
 */
import 'reflect-metadata';
import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { IntakeCompleted } from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { benchDataSource, benchTransport, CommitClock, intakeOn, PARTITIONS, runMain } from './bench-support';

export interface LatencyConsumerSettings {
  database: string;
  topic: string;
  groupId: string;
  fetchMaxWaitMs: number;
  fetchMinBytes: number;
}

export type LatencyConsumerReport = { ready: true } | { handled: [string, number, number][] };

const CALLED_AT = Symbol('CALLED_AT');
const COMMITS = Symbol('COMMITS');

@Controller()
class LatencyHandler {
  constructor(
    @Inject(CALLED_AT) private readonly calledAt: Map<string, number>,
    @Inject(COMMITS) private readonly commits: CommitClock,
  ) {}

  @EventPattern(IntakeCompleted.type)
  onIntakeCompleted(@Ctx() ctx: ReliableEventContext): void {
    this.calledAt.set(ctx.envelope.id, Date.now());
    this.commits.mark(ctx.manager, ctx.envelope.id);
  }
}

@Module({})
class LatencyModule {
  static with(calledAt: Map<string, number>, commits: CommitClock): DynamicModule {
    return {
      module: LatencyModule,
      controllers: [LatencyHandler],
      providers: [
        { provide: CALLED_AT, useValue: calledAt },
        { provide: COMMITS, useValue: commits },
      ],
    };
  }
}

function report(message: LatencyConsumerReport): void {
  process.send?.(message);
}

runMain(async () => {
  const settings = JSON.parse(process.env['LATENCY_CONSUMER'] ?? '') as LatencyConsumerSettings;
  const ds = benchDataSource(settings.database, PARTITIONS + 2);
  await ds.initialize();
  const calledAt = new Map<string, number>();
  let handled: [string, number, number][] = [];
  const commits = new CommitClock((id, at) => handled.push([id, calledAt.get(id) ?? at, at]));
  commits.attach(ds);
  const transport = benchTransport({
    dataSource: ds,
    def: intakeOn(settings.topic),
    groupId: settings.groupId,
    consumerConfig: { maxWaitTimeInMs: settings.fetchMaxWaitMs, minBytes: settings.fetchMinBytes },
  });
  const app = await NestFactory.createMicroservice(LatencyModule.with(calledAt, commits), { strategy: transport, logger: ['error', 'warn'], abortOnError: false });
  await app.listen();
  const flush = setInterval(() => {
    if (handled.length === 0) return;
    report({ handled });
    handled = [];
  }, 20);
  report({ ready: true });
  process.on('disconnect', () => process.exit(1)); // the bench is gone
  await new Promise<void>((resolve) => process.on('message', (m) => m === 'stop' && resolve()));
  clearInterval(flush);
  await app.close();
  await ds.destroy();
});
