/**
 * The booking floor's service (bench/booking-floor.ts starts it): node:http and a pg.Pool, nothing else. For each
 * `POST /locations/<id>/appointments` it parses the JSON body and commits pgbench's booking transaction with the
 * body's values (BEGIN, the appointment INSERT, the outbox row with its NOTIFY, COMMIT; the SQL comes from the
 * bench in FLOOR_INSERT_SQL and FLOOR_OUTBOX_SQL), then answers 201 with the appointment's id. No auth, no
 * validation, no idempotency, no framework: what any implementation of the architecture has to do at least.
 */
import { createServer, type ServerResponse } from 'node:http';
import { Pool } from 'pg';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const insertSql = required('FLOOR_INSERT_SQL');
const outboxSql = required('FLOOR_OUTBOX_SQL');
const pool = new Pool({
  host: process.env['PGHOST'] || '127.0.0.1',
  port: Number(process.env['PGPORT'] || 5432),
  user: process.env['PGUSER'] || 'postgres',
  ...(process.env['PGPASSWORD'] ? { password: process.env['PGPASSWORD'] } : {}),
  database: required('FLOOR_DB'),
  max: Number(required('FLOOR_POOL_SIZE')),
});

interface Booking {
  clientId: string;
  therapistId: string;
  roomId: string;
  serviceId: string;
  startsAt: string;
  techniques: string[];
  focusRegions: string[];
  pressure: string;
}

/** What the INSERT returns: the outbox statement's parameters, in its order ($1 … $6). */
interface Inserted {
  a_id: string;
  a_client: string;
  a_therapist: string;
  a_room: string;
  a_start: string;
  a_end: string;
}

let failures = 0;

async function book(locationId: string, b: Booking): Promise<string> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<Inserted>(insertSql, [
      locationId,
      b.clientId,
      b.therapistId,
      b.roomId,
      b.serviceId,
      b.startsAt,
      b.techniques,
      b.focusRegions,
      b.pressure,
    ]);
    const r = rows[0] as Inserted;
    await client.query(outboxSql, [r.a_id, r.a_client, r.a_therapist, r.a_room, r.a_start, r.a_end]);
    await client.query('COMMIT');
    return r.a_id;
  } catch (e) {
    await client.query('ROLLBACK').catch((rollback: unknown) => (broken = rollback as Error));
    throw e;
  } finally {
    client.release(broken);
  }
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const BOOKING_PATH = /^\/locations\/([^/?]+)\/appointments$/;

createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return answer(res, 200, '{"status":"ok"}');
  const location = req.method === 'POST' ? BOOKING_PATH.exec(req.url ?? '')?.[1] : undefined;
  if (location === undefined) return answer(res, 404, '{"type":"not-found"}');
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let booking: Booking;
    try {
      booking = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Booking;
    } catch {
      return answer(res, 400, '{"type":"bad-json"}');
    }
    void book(location, booking).then(
      (id) => answer(res, 201, JSON.stringify({ id })),
      (e: unknown) => {
        // 23P01: an exclusion constraint refused the slot (none expected: the bench's slots never conflict).
        const code = (e as { code?: string }).code ?? 'error';
        if (failures++ < 5) console.error(e);
        answer(res, code === '23P01' ? 409 : 500, JSON.stringify({ type: `pg-${code}` }));
      },
    );
  });
}).listen(Number(required('PORT')), '127.0.0.1');
