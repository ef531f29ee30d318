import { DataSource, type QueryRunner } from 'typeorm';
import { serviceDataSourceOptions } from './database';
import { statementCachingClient, statementName } from './statement-caching.client';

/** Real PostgreSQL (PGHOST/PGPORT/PGUSER): what one connection holds prepared, read from pg_prepared_statements. */
describe('statementCachingClient on PostgreSQL', () => {
  const open = async (maxStatements?: number): Promise<{ dataSource: DataSource; runner: QueryRunner }> => {
    const options = serviceDataSourceOptions({ defaultDatabase: 'postgres', database: 'postgres', entities: [], migrations: [] });
    const extra = maxStatements === undefined ? options.extra : { max: 1, Client: statementCachingClient(maxStatements) };
    const dataSource = await new DataSource({ ...options, extra } as typeof options).initialize();
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    return { dataSource, runner };
  };
  const preparedOn = async (runner: QueryRunner): Promise<string[]> =>
    ((await runner.query(`SELECT name FROM pg_prepared_statements ORDER BY prepare_time`)) as { name: string }[]).map((r) => r.name);

  let opened: { dataSource: DataSource; runner: QueryRunner } | undefined;
  afterEach(async () => {
    await opened?.runner.release();
    await opened?.dataSource.destroy();
    opened = undefined;
  });

  it('prepares a parameterised statement once per connection under the hash of its text, and answers as before', async () => {
    opened = await open();
    const text = 'SELECT $1::int + 1 AS "n"';
    await expect(opened.runner.query(text, [1])).resolves.toEqual([{ n: 2 }]);
    await expect(opened.runner.query(text, [41])).resolves.toEqual([{ n: 42 }]);
    expect(await preparedOn(opened.runner)).toEqual([statementName(text)]);
  });

  it('leaves statements without parameters and statements selecting * unnamed', async () => {
    opened = await open();
    await opened.runner.query('SELECT 1');
    await opened.runner.query('SELECT * FROM (VALUES ($1::int)) AS v (n)', [1]);
    await opened.runner.query('SELECT count(*)::int AS "n" FROM (VALUES ($1::int)) AS v (n)', [1]);
    expect(await preparedOn(opened.runner)).toEqual([statementName('SELECT count(*)::int AS "n" FROM (VALUES ($1::int)) AS v (n)')]);
  });

  it('keeps a SELECT * working across a column added meanwhile (an expand migration while the service runs)', async () => {
    opened = await open();
    const { runner } = opened;
    await runner.query('CREATE TEMP TABLE "expanding" ("a" int)');
    await runner.query('INSERT INTO "expanding" VALUES (1)');
    const read = 'SELECT * FROM "expanding" WHERE "a" = $1';
    const named = 'SELECT "a" FROM "expanding" WHERE "a" = $1';
    await expect(runner.query(read, [1])).resolves.toEqual([{ a: 1 }]);
    await expect(runner.query(named, [1])).resolves.toEqual([{ a: 1 }]);
    await runner.query('ALTER TABLE "expanding" ADD COLUMN "b" int');
    await expect(runner.query(read, [1])).resolves.toEqual([{ a: 1, b: null }]);
    await expect(runner.query(named, [1])).resolves.toEqual([{ a: 1 }]);
  });

  it('prepares no more than maxStatements distinct texts on one connection; the rest run unnamed', async () => {
    opened = await open(2);
    const texts = [1, 2, 3].map((i) => `SELECT $1::int + ${i} AS "n"`);
    for (const text of texts) await opened.runner.query(text, [0]);
    await expect(opened.runner.query(texts[2] as string, [1])).resolves.toEqual([{ n: 4 }]);
    expect(await preparedOn(opened.runner)).toEqual(texts.slice(0, 2).map((t) => statementName(t)));
  });

  it('reports a failing statement as before, and runs it again once fixed data allows', async () => {
    opened = await open();
    const text = 'SELECT 10 / $1::int AS "n"';
    await expect(opened.runner.query(text, [0])).rejects.toThrow(/division by zero/);
    await expect(opened.runner.query(text, [5])).resolves.toEqual([{ n: 2 }]);
  });
});

describe('serviceDataSourceOptions', () => {
  const saved = process.env['DB_STATEMENT_CACHE'];
  afterEach(() => (saved === undefined ? delete process.env['DB_STATEMENT_CACHE'] : (process.env['DB_STATEMENT_CACHE'] = saved)));
  const extraOf = () => serviceDataSourceOptions({ defaultDatabase: 'x', entities: [], migrations: [] }).extra as { Client?: unknown };

  it('prepares statements by default and not with DB_STATEMENT_CACHE=0', () => {
    delete process.env['DB_STATEMENT_CACHE'];
    expect(extraOf().Client).toBeDefined();
    process.env['DB_STATEMENT_CACHE'] = '0';
    expect(extraOf().Client).toBeUndefined();
  });
});

describe('statementName', () => {
  it('is one name per text, and none for a statement selecting *', () => {
    expect(statementName('SELECT $1')).toBe(statementName('SELECT $1'));
    expect(statementName('SELECT $1')).not.toBe(statementName('SELECT $2'));
    expect(statementName('SELECT r.* FROM r WHERE id = $1')).toBeUndefined();
    expect(statementName('SELECT count(*) FROM r WHERE id = $1')).toMatch(/^s_/);
  });
});
