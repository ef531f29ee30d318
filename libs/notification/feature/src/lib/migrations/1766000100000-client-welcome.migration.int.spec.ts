import { randomUUID } from 'node:crypto';
import { runMigrations } from '@massage/platform-database';
import { createTestDatabase, type TestDatabase } from '@massage/testing';
import { Client } from 'pg';
import { notificationDataSourceOptions } from '../notification.database';
import { ClientWelcome1766000100000 } from './1766000100000-client-welcome.migration';

jest.setTimeout(60_000);

describe('migration 1766000100000: client_welcome back-filled from the welcomes already recorded (PostgreSQL)', () => {
  let db: TestDatabase;
  let pg: Client;
  const [sentThenWaiting, waitingOnly, never] = [randomUUID(), randomUUID(), randomUUID()];
  const ids = { sent: randomUUID(), laterWaiting: randomUUID(), firstWaiting: randomUUID(), secondWaiting: randomUUID() };

  const welcome = (id: string, clientId: string, status: 'sent' | 'awaiting-contact', createdAt: string) =>
    pg.query(
      `INSERT INTO delivery (id, client_id, location_id, kind, channel, status, triggered_by_event_id, sent_at, smtp_message_id, created_at)
       VALUES ($1, $2, 'downtown', 'welcome', $3, $4, $5, $6, $7, $8)`,
      [id, clientId, status === 'sent' ? 'email' : null, status, randomUUID(), status === 'sent' ? createdAt : null, status === 'sent' ? `<welcome.${id}>` : null, createdAt],
    );

  beforeAll(async () => {
    process.env['PGHOST'] ||= '127.0.0.1';
    db = await createTestDatabase('notif_welcome_migration');
    process.env['DB_NAME'] = db.name;
    const options = notificationDataSourceOptions();
    await runMigrations({ ...options, migrations: (options.migrations as unknown[]).filter((m) => m !== ClientWelcome1766000100000) } as typeof options, () => undefined);
    pg = new Client(db.options);
    await pg.connect();
    // A client welcomed once, with a later intake's welcome still waiting (created later, listed first).
    await welcome(ids.laterWaiting, sentThenWaiting, 'awaiting-contact', '2026-06-01T10:00:00Z');
    await welcome(ids.sent, sentThenWaiting, 'sent', '2026-03-01T10:00:00Z');
    // A client whose two welcomes both wait for the contact.
    await welcome(ids.secondWaiting, waitingOnly, 'awaiting-contact', '2026-05-02T10:00:00Z');
    await welcome(ids.firstWaiting, waitingOnly, 'awaiting-contact', '2026-05-01T10:00:00Z');
    await runMigrations(options, () => undefined);
  });

  afterAll(async () => {
    await pg?.end();
    await db?.drop();
    delete process.env['DB_NAME'];
  });

  it('names one welcome per client: a settled one before a waiting one, else the oldest', async () => {
    const { rows } = await pg.query(`SELECT client_id, delivery_id FROM client_welcome WHERE client_id = ANY($1)`, [[sentThenWaiting, waitingOnly, never]]);
    expect(rows.sort((a, b) => String(a.client_id).localeCompare(String(b.client_id)))).toEqual(
      [
        { client_id: sentThenWaiting, delivery_id: ids.sent },
        { client_id: waitingOnly, delivery_id: ids.firstWaiting },
      ].sort((a, b) => a.client_id.localeCompare(b.client_id)),
    );
  });

  it('refuses a second welcome of the same client', async () => {
    await expect(pg.query(`INSERT INTO client_welcome (client_id, delivery_id) VALUES ($1, $2)`, [waitingOnly, ids.secondWaiting])).rejects.toThrow(/client_welcome_pkey/);
  });
});
