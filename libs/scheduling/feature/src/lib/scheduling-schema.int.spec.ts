import { randomUUID } from 'node:crypto';
import { runMigrations } from '@massage/platform-database';
import { createTestDatabase, type TestDatabase } from '@massage/testing';
import { Client } from 'pg';
import { schedulingDataSourceOptions } from './scheduling.database';

process.env['PGHOST'] ||= '127.0.0.1';
jest.setTimeout(30_000);

/**
 * The schema on its own, with SQL only: the exclusion constraints refuse a second appointment that shares a
 * therapist, a room or a client for any instant of the blocked span (buffer included), and let cancelled and
 * no-show rows go.
 */
describe('scheduling schema (PostgreSQL)', () => {
  let db: TestDatabase;
  let pg: Client;
  const therapists = [randomUUID(), randomUUID()];
  const rooms = [randomUUID(), randomUUID()];
  const service = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase('sched_schema');
    process.env['DB_NAME'] = db.name;
    await runMigrations(schedulingDataSourceOptions(), () => undefined);
    pg = new Client(db.options);
    await pg.connect();
    await pg.query(`INSERT INTO location (id, name, time_zone, jurisdiction) VALUES ('downtown', 'Downtown', 'America/Toronto', 'CA-ON')`);
    for (const [i, id] of rooms.entries()) await pg.query(`INSERT INTO room (id, location_id, code, name) VALUES ($1, 'downtown', $2, $2)`, [id, `room-${i}`]);
    await pg.query(
      `INSERT INTO service (id, location_id, code, name, duration_minutes, buffer_minutes, techniques) VALUES ($1, 'downtown', 'swedish-60', 'Swedish', 60, 15, '{swedish}')`,
      [service],
    );
    for (const [i, id] of therapists.entries()) await pg.query(`INSERT INTO therapist (id, subject, display_name, registered_at) VALUES ($1, $2, 'T', now())`, [id, `t-${i}`]);
  });

  afterAll(async () => {
    await pg?.end();
    await db?.drop();
    delete process.env['DB_NAME'];
  });

  beforeEach(async () => {
    await pg.query('DELETE FROM appointment');
  });

  const book = (o: { therapist?: string; room?: string; client?: string; start: string; minutes?: number; buffer?: number }) => {
    const start = new Date(o.start);
    const end = new Date(start.getTime() + (o.minutes ?? 60) * 60_000);
    const blocked = new Date(end.getTime() + (o.buffer ?? 15) * 60_000);
    return pg.query(
      `INSERT INTO appointment (id, location_id, client_id, therapist_id, room_id, service_id, starts_at, ends_at, blocked_until, techniques, focus_regions, pressure, booked_at, booked_by, updated_at)
       VALUES ($1, 'downtown', $2, $3, $4, $5, $6, $7, $8, '{swedish}', '{neck}', 'P2', now(), 'spec', now()) RETURNING id`,
      [randomUUID(), o.client ?? randomUUID(), o.therapist ?? therapists[0], o.room ?? rooms[0], service, start, end, blocked],
    );
  };

  it('records the migrations so a second run applies nothing', async () => {
    const lines: string[] = [];
    await runMigrations(schedulingDataSourceOptions(), (line) => lines.push(line));
    expect(lines).toEqual(['no pending migrations']);
    expect((await pg.query(`SELECT extname FROM pg_extension WHERE extname = 'btree_gist'`)).rows).toEqual([{ extname: 'btree_gist' }]);
  });

  it.each([
    ['the same therapist', { therapist: therapists[0], room: rooms[1] }, 'appointment_therapist_free'],
    ['the same room', { therapist: therapists[1], room: rooms[0] }, 'appointment_room_free'],
  ])('refuses %s overlapping by one minute, naming the constraint', async (_, second, constraint) => {
    await book({ start: '2026-03-09T14:00:00Z' });
    await expect(book({ ...second, start: '2026-03-09T14:59:00Z' })).rejects.toMatchObject({ code: '23P01', constraint });
  });

  it('refuses the same client with another therapist and room', async () => {
    const client = randomUUID();
    await book({ client, start: '2026-03-09T14:00:00Z' });
    await expect(book({ client, therapist: therapists[1], room: rooms[1], start: '2026-03-09T14:30:00Z' })).rejects.toMatchObject({
      code: '23P01',
      constraint: 'appointment_client_free',
    });
  });

  it('counts the buffer: the next start may be at the end of the buffer, not before', async () => {
    await book({ start: '2026-03-09T14:00:00Z' });
    await expect(book({ start: '2026-03-09T15:14:00Z' })).rejects.toMatchObject({ code: '23P01' });
    await expect(book({ start: '2026-03-09T15:15:00Z' })).resolves.toMatchObject({ rowCount: 1 });
  });

  it('frees the span of a cancelled or no-show appointment, and refuses reviving it over a newer booking', async () => {
    const first = (await book({ start: '2026-03-09T14:00:00Z' })).rows[0].id as string;
    await pg.query(`UPDATE appointment SET status = 'cancelled', cancelled_at = now(), late_cancellation = false, cancellation_reason = 'client-request' WHERE id = $1`, [first]);
    const second = (await book({ start: '2026-03-09T14:00:00Z' })).rows[0].id as string;
    await pg.query(`UPDATE appointment SET status = 'no-show', no_show_at = now() WHERE id = $1`, [second]);
    await book({ start: '2026-03-09T14:00:00Z' });
    await expect(pg.query(`UPDATE appointment SET status = 'booked', cancelled_at = NULL, late_cancellation = NULL, cancellation_reason = NULL WHERE id = $1`, [first])).rejects.toMatchObject({
      code: '23P01',
    });
  });

  it('refuses a room of another location and a span that ends before it starts', async () => {
    await pg.query(`INSERT INTO location (id, name, time_zone, jurisdiction) VALUES ('uptown', 'Uptown', 'Europe/London', 'GB')`);
    const away = randomUUID();
    await pg.query(`INSERT INTO room (id, location_id, code, name) VALUES ($1, 'uptown', 'room-a', 'A')`, [away]);
    await expect(book({ room: away, start: '2026-03-09T14:00:00Z' })).rejects.toMatchObject({ code: '23503' });
    await expect(book({ start: '2026-03-09T14:00:00Z', minutes: -10 })).rejects.toMatchObject({ code: '23514' });
  });
});
