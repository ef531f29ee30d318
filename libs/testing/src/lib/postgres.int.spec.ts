import { Client } from 'pg';
import { testPostgres } from './environment';
import { createTestDatabase } from './postgres';

jest.setTimeout(30_000);

describe('createTestDatabase (real PostgreSQL: PGHOST or a container)', () => {
  it('creates a fresh database that can be used and then dropped', async () => {
    const server = await testPostgres();
    const database = await createTestDatabase('Testing Spec');
    expect(database.name).toMatch(/^t_testing_spec_[a-z0-9]+$/);
    expect(database.options).toMatchObject({ host: server.host, port: server.port, database: database.name });

    const client = new Client(database.options);
    client.on('error', () => undefined); // the forced drop below ends this connection
    await client.connect();
    await client.query('CREATE TABLE probe (id int primary key)');
    await client.query('INSERT INTO probe VALUES (1)');
    expect((await client.query('SELECT count(*)::int AS n FROM probe')).rows[0]).toEqual({ n: 1 });
    // Left open on purpose: drop() must still succeed (WITH (FORCE)).
    await database.drop();
    await client.end().catch(() => undefined);

    const admin = new Client({ ...database.options, database: 'postgres' });
    await admin.connect();
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name]);
    await admin.end();
    expect(rowCount).toBe(0);
  });
});
