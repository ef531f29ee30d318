import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, waitFor, type TestDatabase } from '../../test-support/integration.helpers';
import { OUTBOX_CHANNEL } from '../outbox/outbox.constants';
import { listParkedOutboxRows, parkedOutboxCommand } from './parked-outbox.tool';

jest.setTimeout(60_000);

describe('parked outbox tool (real database)', () => {
  let db: TestDatabase;
  let listener: Client;
  let notifications = 0;
  const command = (args: string[]): Promise<string> => parkedOutboxCommand(() => db.options)(args);
  const ids = { parkedA: randomUUID(), parkedB: randomUUID(), publishedOnce: randomUUID(), waiting: randomUUID() };

  const row = (id: string, key: string, state: { parked?: boolean; published?: boolean; attempts?: number; error?: string }) =>
    db.dataSource.query(
      `INSERT INTO outbox (id, topic, key, type, headers, payload, attempts, last_error, parked_at, published_at)
       VALUES ($1, 'intake.events.v1', $2, 'massage.intake.IntakeCompleted.v1', '{}', '{}', $3, $4, $5, $6)`,
      [id, key, state.attempts ?? 0, state.error ?? null, state.parked ? new Date('2026-11-30T10:00:00Z') : null, state.published ? new Date() : null],
    );

  beforeAll(async () => {
    db = await createTestDatabase('parked');
    await row(ids.parkedA, 'client-a', { parked: true, attempts: 10, error: 'UNKNOWN_TOPIC_OR_PARTITION' });
    await row(ids.waiting, 'client-a', {}); // waits behind the parked row of its key
    await row(ids.parkedB, 'client-b', { parked: true, attempts: 10, error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    await row(ids.publishedOnce, 'client-c', { parked: true, published: true, attempts: 3 }); // published after all: not parked any more
    const { database, host, port, username, password } = db.options as { database: string; host: string; port: number; username: string; password?: string };
    listener = new Client({ database, host, port, user: username, password });
    await listener.connect();
    listener.on('notification', (n) => {
      if (n.channel === OUTBOX_CHANNEL) notifications += 1;
    });
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
  });

  afterAll(async () => {
    await listener?.end();
    await db?.drop();
  });

  it('`outbox parked` lists parked, unpublished rows in seq order with attempts and last error', async () => {
    const out = await command(['parked']);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^seq \\d+  id ${ids.parkedA}  type massage.intake.IntakeCompleted.v1  topic intake.events.v1  key client-a  attempts 10  parked 2026-11-30T10:00:00.000Z$`));
    expect(lines[1]).toBe('    last error: UNKNOWN_TOPIC_OR_PARTITION');
    expect(lines[2]).toContain(`id ${ids.parkedB}`);
    expect(out).not.toContain(ids.publishedOnce);
    expect(out).not.toContain(ids.waiting);
    expect(lines[lines.length - 1]).toBe('2 parked row(s)');
    expect(await command(['parked', '--limit', '1'])).toMatch(/1 parked row\(s\) shown of 2$/);
  });

  it('`outbox retry --id` unparks that row with fresh attempts and wakes the relay', async () => {
    const before = notifications;
    const out = await command(['retry', '--id', ids.parkedA]);
    expect(out).toContain(`released seq`);
    expect(out).toContain(`id ${ids.parkedA}`);
    const [state] = (await db.dataSource.query(`SELECT attempts, parked_at FROM outbox WHERE id = $1`, [ids.parkedA])) as { attempts: number; parked_at: Date | null }[];
    expect(state).toEqual({ attempts: 0, parked_at: null });
    await waitFor('NOTIFY outbox', () => notifications > before);
    expect((await listParkedOutboxRows(db.dataSource)).map((r) => r.id)).toEqual([ids.parkedB]);
  });

  it('refuses an id that is not parked, and a retry without --id or --all', async () => {
    await expect(command(['retry', '--id', ids.parkedA])).rejects.toThrow(`no parked outbox row with id ${ids.parkedA}`);
    await expect(command(['retry', '--id', 'not-a-uuid'])).rejects.toThrow(/no parked outbox row/);
    await expect(command(['retry'])).rejects.toThrow(/exactly one of --id or --all/);
    await expect(command(['retry', '--all', '--id', ids.parkedB])).rejects.toThrow(/exactly one of --id or --all/);
  });

  it('`outbox retry --all` unparks every parked row', async () => {
    expect(await command(['retry', '--all'])).toMatch(/1 row\(s\) released/);
    expect(await command(['parked'])).toBe('no parked outbox rows');
    expect(await command(['retry', '--all'])).toBe('no parked outbox rows');
  });
});
