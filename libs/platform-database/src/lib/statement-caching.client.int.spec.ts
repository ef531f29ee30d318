import { DataSource, type QueryRunner } from 'typeorm';
import { serviceDataSourceOptions } from './database';
import { DEFAULT_STATEMENT_CACHE_SIZE, MAX_PREPARED_PARAMETERS, statementCachingClient, statementName } from './statement-caching.client';

/** Real PostgreSQL (PGHOST/PGPORT/PGUSER): what one connection holds prepared, read from pg_prepared_statements. */
describe('statementCachingClient on PostgreSQL', () => {
  const open = async (maxStatements = DEFAULT_STATEMENT_CACHE_SIZE): Promise<{ dataSource: DataSource; runner: QueryRunner }> => {
    const options = serviceDataSourceOptions({ defaultDatabase: 'postgres', database: 'postgres', entities: [], migrations: [] });
    const dataSource = await new DataSource({ ...options, extra: { max: 1, Client: statementCachingClient(maxStatements) } } as typeof options).initialize();
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

  it('runs a statement again after a value that could not be bound (node-postgres closed the prepared statement then)', async () => {
    opened = await open();
    const text = 'SELECT $1::jsonb AS "v"';
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    await expect(opened.runner.query(text, [{ a: 1 }])).resolves.toEqual([{ v: { a: 1 } }]);
    await expect(opened.runner.query(text, [circular])).rejects.toThrow(/circular/i);
    await expect(opened.runner.query(text, [{ a: 2 }])).resolves.toEqual([{ v: { a: 2 } }]);
    await expect(opened.runner.query(text, [{ a: 3 }])).resolves.toEqual([{ v: { a: 3 } }]);
  });

  it('fails one call, not every later one, when a column a prepared statement reads or compares changes type', async () => {
    opened = await open();
    const { runner } = opened;
    await runner.query('CREATE TEMP TABLE "retyped" ("a" int)');
    await runner.query('INSERT INTO "retyped" VALUES (1)');
    const reads = 'SELECT "a" FROM "retyped" WHERE "a"::text = $1'; // its result changes type
    const compares = 'SELECT "a"::text AS "a" FROM "retyped" WHERE "a" = $1'; // its parameter was typed int
    await expect(runner.query(reads, ['1'])).resolves.toEqual([{ a: 1 }]);
    await expect(runner.query(compares, [1])).resolves.toEqual([{ a: '1' }]);
    await runner.query('ALTER TABLE "retyped" ALTER COLUMN "a" TYPE text');
    await expect(runner.query(reads, ['1'])).rejects.toThrow(/cached plan must not change result type/);
    await expect(runner.query(compares, ['1'])).rejects.toThrow(/operator does not exist: text = integer/);
    for (let i = 0; i < 2; i++) {
      await expect(runner.query(reads, ['1'])).resolves.toEqual([{ a: '1' }]);
      await expect(runner.query(compares, ['1'])).resolves.toEqual([{ a: '1' }]);
    }
  });

  it('leaves statements with more than MAX_PREPARED_PARAMETERS parameters unnamed (texts built per batch size)', async () => {
    opened = await open();
    const values = Array.from({ length: MAX_PREPARED_PARAMETERS + 1 }, (_, i) => i);
    const text = `SELECT ${values.map((_, i) => `$${i + 1}::int`).join(' + ')} AS "n"`;
    await expect(opened.runner.query(text, values)).resolves.toEqual([{ n: (values.length * (values.length - 1)) / 2 }]);
    expect(await preparedOn(opened.runner)).toEqual([]);
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
