import * as pg from 'pg';
import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import { envInt, envString } from '@massage/platform';
import { DEFAULT_STATEMENT_CACHE_SIZE, statementCachingClient } from './statement-caching.client';

type EntityList = MixedList<string | (new (...args: never[]) => unknown) | EntitySchema>;

export interface ServiceDatabaseOptions {
  /** Default database name, e.g. `massage_intake`; `DB_NAME` overrides it. */
  defaultDatabase: string;
  entities: EntityList;
  migrations: MixedList<string | (new (...args: never[]) => unknown)>;
  /** This database and no other, whatever `DB_NAME` says (tests that create their own). */
  database?: string;
}

/** The TypeORM options of one service's own database. Schema changes come only from migrations. */
export function serviceDataSourceOptions(opts: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    // Named explicitly so each service's pruned package.json lists pg (TypeORM loads it lazily).
    driver: pg,
    host: envString('PGHOST', '127.0.0.1'),
    port: envInt('PGPORT', 5432),
    username: envString('PGUSER', 'postgres'),
    password: process.env['PGPASSWORD'] || undefined,
    database: opts.database ?? envString('DB_NAME', opts.defaultDatabase),
    entities: opts.entities,
    migrations: opts.migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    // Parameterised statements are prepared once per connection (ADR 0026); DB_STATEMENT_CACHE=0 turns it off.
    extra: { max: envInt('DB_POOL_SIZE', 10), ...preparedStatements(envInt('DB_STATEMENT_CACHE', DEFAULT_STATEMENT_CACHE_SIZE)) },
  };
}

/** The pool's client class: one that prepares statements, unless the cache size is 0. */
function preparedStatements(size: number): { Client?: typeof pg.Client } {
  return size > 0 ? { Client: statementCachingClient(size) } : {};
}

/** Applies pending migrations; what a deploy runs before it starts the new version. */
export async function runMigrations(options: DataSourceOptions, log: (line: string) => void = console.log): Promise<void> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations');
  } finally {
    await dataSource.destroy();
  }
}
