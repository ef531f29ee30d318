import type { INestApplication, LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { Client } from 'pg';
import { OutboxRelay } from '@massage/messaging';
import { ProblemDetailsFilter } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { createTestDatabase, type TestDatabase } from '@massage/testing';
import { IntakeModule } from '../intake.module';
import { intakeDataSourceOptions } from '../intake.database';

/** The intake service under test: its own database, a pg client on it, the Nest app. */
export interface IntakeTestApp {
  db: TestDatabase;
  pg: Client;
  app: INestApplication;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database and the intake module on it, wired as createHttpService (platform) wires the
 * service (strict JSON body parser, problem+json errors), trusting `gatewayPublicKeysJson`; the relay is off.
 * `configure` may override more providers (e.g. CLOCK and TIMER with a ManualClock).
 */
export async function startIntakeTestApp(
  prefix: string,
  gatewayPublicKeysJson: string,
  logger: LogLevel[] | false = ['error'],
  configure: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<IntakeTestApp> {
  process.env['PGHOST'] ||= '127.0.0.1';
  const db = await createTestDatabase(prefix);
  process.env['DB_NAME'] = db.name;
  process.env['AUTH_ASSERTION_PUBLIC_KEYS'] = gatewayPublicKeysJson;
  await runMigrations(intakeDataSourceOptions(), () => undefined);
  const pg = new Client(db.options);
  await pg.connect();
  const moduleRef = await configure(
    Test.createTestingModule({ imports: [IntakeModule] })
      .overrideProvider(OutboxRelay)
      .useValue({ start: async () => undefined, stop: async () => undefined }),
  ).compile();
  const nest = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger });
  nest.useBodyParser('json', { limit: '64kb', strict: true });
  nest.useGlobalFilters(new ProblemDetailsFilter());
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
