import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { consumersOf } from './consumer/consumer-registry';
import { kafkaFromEnv } from './kafka/kafka.factory';
import { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay.service';
import { OutboxWriter } from './outbox/outbox-writer.service';

export interface MessagingModuleOptions {
  /** The service name: events get `ce_source` `/massage/<source>`. */
  source: string;
  /** Run an OutboxRelay in this process. Default true. */
  relay?: boolean;
  /**
   * Relay tuning (see OutboxRelayOptions for the defaults). `shutdownDrainMs` (default 5000, 0 for none):
   * how long the relay may keep publishing rows left at shutdown (see OutboxRelayStopOptions.finalDrainMs).
   */
  relayOptions?: Pick<OutboxRelayOptions, 'batchSize' | 'pollIntervalMs' | 'maxRowAttempts' | 'retention' | 'pruneIntervalMs'> & {
    shutdownDrainMs?: number;
  };
}

/**
 * The relay's Kafka client connects with a short retry: while Kafka is down the relay reconnects with its
 * own backoff (0.5 s doubling to 30 s) instead of sitting in kafkajs's, and a refused send comes back in
 * seconds, so the rows behind it are sent one by one without a long stall.
 */
export const RELAY_KAFKA_RETRY = { retries: 3, initialRetryTime: 300, maxRetryTime: 3000 };

export const MESSAGING_MODULE_OPTIONS = Symbol('MESSAGING_MODULE_OPTIONS');

export const DEFAULT_SHUTDOWN_DRAIN_MS = 5000;

/**
 * Starts the relay once the app is up; start() does not wait for Kafka (the relay connects in the
 * background, rows wait in the outbox), so the service serves HTTP while Kafka is down. At shutdown, before the DataSource closes (TypeORM destroys it in
 * onApplicationShutdown): first closes the app's ReliableKafkaTransports that write to this DataSource
 * (Nest would close them only after beforeApplicationShutdown, in dispose(): the outbox rows their last
 * records commit would wait for the next start), then stops the relay with a final drain pass.
 */
@Injectable()
export class OutboxRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MESSAGING_MODULE_OPTIONS) private readonly options: MessagingModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // close() is idempotent: Nest's own close of these microservices later just waits for this one.
    await Promise.allSettled(consumersOf(this.dataSource).map((c) => c.close()));
    await this.relay.stop({ finalDrainMs: this.options.relayOptions?.shutdownDrainMs ?? DEFAULT_SHUTDOWN_DRAIN_MS });
  }
}

/**
 * Gives a service OutboxWriter (and, unless `relay: false`, a running OutboxRelay). Global: import it once,
 * in the app module, next to TypeOrmModule.forRootAsync; feature modules inject OutboxWriter directly.
 */
@Module({})
export class MessagingModule {
  static forService(options: MessagingModuleOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: MESSAGING_MODULE_OPTIONS, useValue: options },
      { provide: OutboxWriter, useFactory: () => new OutboxWriter(options.source) },
    ];
    const exported: (symbol | typeof OutboxWriter | typeof OutboxRelay)[] = [MESSAGING_MODULE_OPTIONS, OutboxWriter];
    if (options.relay ?? true) {
      providers.push(
        {
          provide: OutboxRelay,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new OutboxRelay({
              dataSource,
              kafka: kafkaFromEnv(`${options.source}-outbox-relay`, { retry: RELAY_KAFKA_RETRY }),
              logger: new Logger(OutboxRelay.name),
              batchSize: options.relayOptions?.batchSize,
              pollIntervalMs: options.relayOptions?.pollIntervalMs,
              maxRowAttempts: options.relayOptions?.maxRowAttempts,
              retention: options.relayOptions?.retention,
              pruneIntervalMs: options.relayOptions?.pruneIntervalMs,
            }),
        },
        OutboxRelayLifecycle,
      );
      exported.push(OutboxRelay);
    }
    return { module: MessagingModule, global: true, providers, exports: exported };
  }
}
