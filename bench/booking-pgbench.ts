/**
 * The booking bench's floor: `pgbench` running the SQL a booking commits — the appointment INSERT under its three
 * exclusion constraints (therapist, room, client; btree_gist) and the AppointmentBooked outbox row with its NOTIFY,
 * in one transaction — on its own database (`bench_booking_pg_<run>`: scheduling's migrations, and the bench
 * location's calendar rows copied from the service's database), at the bench's concurrency, over the extended
 * query protocol (what node-postgres uses for a query with parameters). Each transaction takes the next slot of a
 * sequence: therapist (and room) n mod 20, client rotating per hour, one hour per 20 slots, so, like the service's
 * bookings, none is ever refused.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppointmentBooked } from '@massage/contracts';
import { CE_HEADERS, CE_SPECVERSION, dataSchemaFor, OUTBOX_CHANNEL } from '@massage/messaging';
import { Client } from 'pg';
import { adminSql, pg } from './bench-support';
import { BUFFER_MINUTES, CLIENTS, SERVICE_MINUTES, THERAPISTS, type BenchCalendar } from './booking-calendar';
import { ServiceProcess } from './booking-stack';

/** The calendar tables an appointment row refers to (foreign keys), copied as they are. */
const CALENDAR_TABLES = ['location', 'room', 'service', 'therapist'];

/** `pgbench` on PATH (PostgreSQL's client package) or in a server installation; BENCH_PGBENCH overrides. */
export function findPgbench(): string {
  const given = process.env['BENCH_PGBENCH'];
  if (given) return given;
  if (spawnSync('pgbench', ['--version']).status === 0) return 'pgbench';
  const installed = ['17', '16', '15', '14', '13']
    .map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`)
    .find((p) => existsSync(p));
  if (!installed) throw new Error('pgbench not found: install PostgreSQL client tools or set BENCH_PGBENCH');
  return installed;
}

/** A database with scheduling's schema, the bench location's calendar rows and the slot tables the script reads. */
export async function createPgbenchDatabase(
  name: string,
  fromDatabase: string,
  calendar: BenchCalendar,
): Promise<void> {
  await adminSql(`CREATE DATABASE "${name}"`);
  await ServiceProcess.runOnce('scheduling', ['migrate'], {
    DB_NAME: name,
    PGHOST: pg.host,
    PGPORT: String(pg.port),
    PGUSER: pg.user,
  });
  const from = new Client({ ...pg, database: fromDatabase });
  const to = new Client({ ...pg, database: name });
  await from.connect();
  await to.connect();
  try {
    for (const table of CALENDAR_TABLES) {
      const { rows } = await from.query<{ rows: unknown[] | null }>(`SELECT json_agg(t) AS rows FROM "${table}" t`);
      await to.query(`INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1::json)`, [
        JSON.stringify(rows[0]?.rows ?? []),
      ]);
    }
    await to.query(
      `CREATE TABLE bench_resource (i int PRIMARY KEY, therapist_id uuid NOT NULL, room_id uuid NOT NULL)`,
    );
    await to.query(
      `INSERT INTO bench_resource SELECT i - 1, t, r FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS x(t, r, i)`,
      [calendar.therapists, calendar.rooms],
    );
    await to.query(`CREATE TABLE bench_client (i int PRIMARY KEY, client_id uuid NOT NULL)`);
    await to.query(`INSERT INTO bench_client SELECT i - 1, c FROM unnest($1::uuid[]) WITH ORDINALITY AS x(c, i)`, [
      calendar.clients,
    ]);
    await to.query(`CREATE SEQUENCE bench_slot`);
    await to.query(`VACUUM ANALYZE`);
  } finally {
    await from.end();
    await to.end();
  }
}

/**
 * A SQL string literal for the pgbench script. pgbench reads `:name` as a variable even inside quotes, so a colon
 * is written as the escape `\x3a` of an E'' string.
 */
const literal = (s: string): string =>
  s.includes(':')
    ? `E'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/:/g, '\\x3a')}'`
    : `'${s.replace(/'/g, "''")}'`;

/** ISO 8601 in UTC. Not to_char: pgbench would read the colons of its format as variables. */
const iso = (column: string) => `(to_json(${column} AT TIME ZONE 'UTC') #>> '{}') || 'Z'`;

/** OutboxWriter's one statement: the row and a NOTIFY delivered at commit. */
function outboxInsert(topic: string, key: string, type: string, payload: string): string {
  const headers = `jsonb_build_object(
      ${literal(CE_HEADERS.specversion)}, ${literal(CE_SPECVERSION)}, ${literal(CE_HEADERS.id)}, e.id::text, ${literal(CE_HEADERS.type)}, ${literal(type)},
      ${literal(CE_HEADERS.source)}, '/massage/scheduling', ${literal(CE_HEADERS.time)}, e.at, ${literal(CE_HEADERS.subject)}, ${key},
      ${literal(CE_HEADERS.contentType)}, 'application/json', ${literal(CE_HEADERS.dataschema)}, ${literal(dataSchemaFor(type))},
      ${literal(CE_HEADERS.correlationId)}, gen_random_uuid()::text)`;
  return `WITH inserted AS (
  INSERT INTO outbox (id, topic, key, type, headers, payload)
    SELECT e.id, ${literal(topic)}, ${key}, ${literal(type)}, ${headers}, ${payload}
      FROM (SELECT gen_random_uuid() AS id, ${iso('clock_timestamp()')} AS at) e
    RETURNING 1
) SELECT pg_notify(${literal(OUTBOX_CHANNEL)}, '') FROM inserted;`;
}

/**
 * AuditTrail.record's work (ADR 0025): the audit record and its entry in the sealer's queue, one statement, no lock.
 * The sealer chains it after COMMIT, a batch at a time (hashes, head, AuditRecorded), off the booking's path: the
 * services' runs pay for that in their CPU, this script does not.
 */
function auditRecord(locationId: string): string {
  return `WITH record AS (
  INSERT INTO audit_record (id, recorded_at, actor_subject, actor_role, actor_location, action, operation, resource_type, resource_id, client_id, location_id, outcome, reason, correlation_id)
    VALUES (gen_random_uuid(), date_trunc('milliseconds', clock_timestamp()), 'bench-desk', 'front-desk', ${literal(locationId)}, 'write', 'appointment.book', 'appointment',
            :a_id::text, :a_client::uuid, ${literal(locationId)}, 'allowed', NULL, gen_random_uuid())
    RETURNING seq
) INSERT INTO audit_unsealed (record_seq) SELECT seq FROM record;
`;
}

/**
 * A pgbench script: what BookAppointmentService commits for a booking that passed its checks — the INSERT under the
 * exclusion constraints, the AppointmentBooked outbox row as OutboxWriter writes it, its NOTIFY — without the reads,
 * locks, idempotency row and audit record around it; with `audit`, the audit record too (as AuditTrail records it).
 */
export function bookingScript(calendar: BenchCalendar, opts: { audit: boolean }): string {
  const { locationId, serviceId } = calendar;
  const firstSlot = `${calendar.firstDay}T00:00:00Z`;
  const payload = `jsonb_build_object(
      'appointmentId', :a_id::text, 'locationId', ${literal(locationId)}, 'clientId', :a_client::text, 'therapistId', :a_therapist::text,
      'roomId', :a_room::text, 'serviceId', ${literal(serviceId)}, 'startsAt', :a_start::text, 'endsAt', :a_end::text,
      'techniques', jsonb_build_array('swedish'), 'focusRegions', jsonb_build_array('upper-back', 'neck'), 'pressure', 'P3', 'bookedAt', e.at)`;
  return `BEGIN;
INSERT INTO appointment (id, location_id, client_id, therapist_id, room_id, service_id, starts_at, ends_at, blocked_until, techniques, focus_regions, pressure, booked_at, booked_by, updated_at)
  SELECT gen_random_uuid(), ${literal(locationId)}, c.client_id, r.therapist_id, r.room_id, ${literal(serviceId)}, s.at, s.at + interval '${SERVICE_MINUTES} minutes', s.at + interval '${SERVICE_MINUTES + BUFFER_MINUTES} minutes',
         ARRAY['swedish'], ARRAY['upper-back', 'neck'], 'P3', now(), 'bench-front-desk', now()
    FROM (SELECT nextval('bench_slot') AS n) k
    JOIN bench_resource r ON r.i = k.n % ${THERAPISTS}
    JOIN bench_client c ON c.i = k.n % ${THERAPISTS} + ${THERAPISTS} * ((k.n / ${THERAPISTS}) % ${CLIENTS / THERAPISTS})
    CROSS JOIN LATERAL (SELECT ${literal(firstSlot)}::timestamptz + (k.n / ${THERAPISTS}) * interval '1 hour' AS at) s
  RETURNING id AS a_id, client_id AS a_client, therapist_id AS a_therapist, room_id AS a_room, ${iso('starts_at')} AS a_start, ${iso('ends_at')} AS a_end
\\gset
${outboxInsert(AppointmentBooked.topic, ':a_id::text', AppointmentBooked.type, payload)}
${opts.audit ? auditRecord(locationId) : ''}COMMIT;
`;
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  latencyAverageMs: number;
  seconds: number;
}

/** Runs `pgbench -T seconds -c concurrency` with the booking script on DATABASE; its summary. */
export async function runPgbench(
  pgbench: string,
  database: string,
  script: string,
  concurrency: number,
  seconds: number,
): Promise<PgbenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-booking-'));
  const file = join(dir, 'booking.sql');
  writeFileSync(file, script);
  try {
    const args = [
      '-n',
      '-M',
      'extended',
      '-c',
      String(concurrency),
      '-j',
      String(Math.min(concurrency, 2)),
      '-T',
      String(seconds),
      '-f',
      file,
      '-h',
      pg.host,
      '-p',
      String(pg.port),
      '-U',
      pg.user,
      database,
    ];
    const child = spawn(pgbench, args, { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`pgbench exited with ${code}:\n${out}\n${err}`);
    const number = (pattern: RegExp): number => {
      const m = pattern.exec(out);
      if (!m?.[1]) throw new Error(`pgbench output without ${pattern}:\n${out}\n${err}`);
      return Number(m[1]);
    };
    return {
      tps: number(/^tps = ([\d.]+) \(without initial connection time\)/m),
      transactions: number(/^number of transactions actually processed: (\d+)/m),
      failed: /^number of failed transactions: (\d+)/m.test(out) ? number(/^number of failed transactions: (\d+)/m) : 0,
      latencyAverageMs: number(/^latency average = ([\d.]+) ms/m),
      seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Appointments and outbox rows in DATABASE (a check that every transaction committed both). */
export async function bookedRows(database: string): Promise<{ appointments: number; events: number }> {
  const c = new Client({ ...pg, database });
  await c.connect();
  try {
    const { rows } = await c.query<{ appointments: number; events: number }>(
      `SELECT (SELECT count(*) FROM appointment)::int AS appointments, (SELECT count(*) FROM outbox WHERE type = $1)::int AS events`,
      [AppointmentBooked.type],
    );
    return rows[0] as { appointments: number; events: number };
  } finally {
    await c.end();
  }
}
