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
import { kafkaFromEnv } from './kafka/kafka.factory';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxWriter } from './outbox/outbox-writer.service';

export interface MessagingModuleOptions {
  /** The service name: events get `ce_source` `/massage/<source>`. */
  source: string;
  /** Run an OutboxRelay in this process. Default true. */
  relay?: boolean;
  /** Relay tuning (defaults: batchSize 100, pollIntervalMs 1000). */
  relayOptions?: { batchSize?: number; pollIntervalMs?: number };
}

export const MESSAGING_MODULE_OPTIONS = Symbol('MESSAGING_MODULE_OPTIONS');

/** Starts the relay once the app is up and stops it before the DataSource closes. */
@Injectable()
export class OutboxRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(OutboxRelay) private readonly relay: OutboxRelay) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
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
              kafka: kafkaFromEnv(`${options.source}-outbox-relay`),
              logger: new Logger(OutboxRelay.name),
              ...options.relayOptions,
            }),
        },
        OutboxRelayLifecycle,
      );
      exported.push(OutboxRelay);
    }
    return { module: MessagingModule, global: true, providers, exports: exported };
  }
}
