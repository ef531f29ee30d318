import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IDEMPOTENCY_OPTIONS, IdempotencyStore, type IdempotencyOptions } from './idempotency.store';

/** Prunes expired keys hourly (and once at start); the store's clock decides what has expired. */
@Injectable()
export class IdempotencyPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  static readonly INTERVAL_MS = 60 * 60 * 1000;
  private readonly logger = new Logger(IdempotencyPruner.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), IdempotencyPruner.INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    this.running = this.store.prune(this.dataSource).then(
      (n) => void (n > 0 && this.logger.log(`pruned ${n} expired idempotency keys`)),
      (error: unknown) => this.logger.warn(`pruning idempotency keys failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

/** The idempotency store of a service with a database; add `CreateIdempotencyKeys1765100100000` to its migrations. Global. */
@Module({})
export class IdempotencyModule {
  static forService(options: IdempotencyOptions = {}): DynamicModule {
    return {
      module: IdempotencyModule,
      global: true,
      providers: [{ provide: IDEMPOTENCY_OPTIONS, useValue: options }, IdempotencyStore, IdempotencyPruner],
      exports: [IdempotencyStore],
    };
  }
}
