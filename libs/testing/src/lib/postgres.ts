import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testPostgres, type PostgresConnectionOptions, type PostgresServer } from './environment';

export interface TestDatabase {
  /** e.g. `t_intake_1a2b3c4d` */
  readonly name: string;
  /** Connection options for pg / TypeORM (`host`, `port`, `user`, `password`, `database`). */
  readonly options: PostgresConnectionOptions;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function withAdminClient<T>(server: PostgresServer, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...server, database: 'postgres', connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh, uniquely named database on the test PostgreSQL (see `testPostgres`), so each
 * test file migrates and fills its own schema and parallel jest workers never share rows.
 */
export async function createTestDatabase(prefix: string, server?: PostgresServer): Promise<TestDatabase> {
  const { host, port, user, password } = server ?? (await testPostgres());
  const target: PostgresServer = { host, port, user, ...(password !== undefined ? { password } : {}) };
  const cleanPrefix = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 40);
  const name = `t_${cleanPrefix}_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  await withAdminClient(target, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  let dropped = false;
  return {
    name,
    options: { ...target, database: name },
    drop: async () => {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) (PostgreSQL 13+) ends connections a test left open, e.g. a pool not closed.
      await withAdminClient(target, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));
    },
  };
}
