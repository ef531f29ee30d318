import type { INestApplication, LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { Client } from 'pg';
import { recordKnownLocation } from '@massage/known-locations';
import { OutboxRelay, type ReliableKafkaTransportOptions } from '@massage/messaging';
import { ProblemDetailsFilter } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { createTestDatabase, type TestDatabase } from '@massage/testing';
import { connectIntakeConsumer } from '../intake.consumer';
import { IntakeModule } from '../intake.module';
import { intakeDataSourceOptions } from '../intake.database';

/** The intake service under test: its own database, a pg client on it, the Nest app. */
export interface IntakeTestApp {
  db: TestDatabase;
  pg: Client;
  app: INestApplication;
  close(): Promise<void>;
}

/** The location codes intake's specs work at: the test app records them as known, as scheduling would have opened them. */
export const SPEC_LOCATIONS: readonly string[] = ['downtown-toronto', 'uptown-ottawa', 'downtown'];

export interface IntakeTestAppOptions {
  /** Locations recorded as known before the app starts (default SPEC_LOCATIONS); others are refused `unknown-location`. */
  knownLocations?: readonly string[];
  /** Connect intake's consumer with these overrides (test topics, group, DLQ) and start it. */
  consumer?: Partial<ReliableKafkaTransportOptions>;
}

/** Records a location as known in intake's projection, as LocationOpened would (tests that do not go through Kafka). */
export async function recordSpecLocation(pg: Client, locationId: string): Promise<void> {
  await recordKnownLocation(pg, { locationId, name: `Spec ${locationId}`, timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openedAt: '2025-01-01T00:00:00.000Z' });
}

/**
 * A fresh, migrated database and the intake module on it, wired as createHttpService (platform) wires the
 * service (strict JSON body parser, problem+json errors), trusting `gatewayPublicKeysJson`; the relay is off.
 * `configure` may override more providers (e.g. CLOCK and TIMER with a ManualClock). The specs' locations are
 * known (`options.knownLocations`); the consumer runs only when `options.consumer` is given.
 */
export async function startIntakeTestApp(
  prefix: string,
  gatewayPublicKeysJson: string,
  logger: LogLevel[] | false = ['error'],
  configure: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
  options: IntakeTestAppOptions = {},
): Promise<IntakeTestApp> {
  process.env['PGHOST'] ||= '127.0.0.1';
  const db = await createTestDatabase(prefix);
  process.env['DB_NAME'] = db.name;
  process.env['AUTH_ASSERTION_PUBLIC_KEYS'] = gatewayPublicKeysJson;
  await runMigrations(intakeDataSourceOptions(), () => undefined);
  const pg = new Client(db.options);
  await pg.connect();
  for (const location of options.knownLocations ?? SPEC_LOCATIONS) await recordSpecLocation(pg, location);
  const moduleRef = await configure(
    Test.createTestingModule({ imports: [IntakeModule] })
      .overrideProvider(OutboxRelay)
      .useValue({ start: async () => undefined, stop: async () => undefined }),
  ).compile();
  const nest = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger });
  nest.useBodyParser('json', { limit: '64kb', strict: true });
  nest.useGlobalFilters(new ProblemDetailsFilter());
  if (options.consumer) {
    connectIntakeConsumer(nest, options.consumer);
    await nest.startAllMicroservices();
  }
  const app = await nest.init();
  return {
    db,
    pg,
    app,
    close: async () => {
      await app.close();
      await pg.end();
      await db.drop();
    },
  };
}
