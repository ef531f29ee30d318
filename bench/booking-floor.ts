/**
 * The booking bench's architecture floor: "HTTP client → HTTP proxy process → HTTP service process → PostgreSQL"
 * at its most minimal, measured like the gateway and against the same pgbench. Two processes started here:
 * bench/booking-floor-proxy.ts (bare node:http, kept-alive forwarding) in front of bench/booking-floor-service.ts
 * (bare node:http and a pg.Pool of FLOOR_POOL_SIZE), which commits for each booking body the transaction of
 * pgbench's script (bench/booking-pgbench.ts, without the audit record): the same INSERT head and RETURNING, its
 * values from the body instead of pgbench's slot sequence, and the script's outbox statement with its pgbench
 * variables as parameters. Its database, `bench_booking_floor_<run>`, is made as pgbench's is. No checks, auth,
 * validation, idempotency, framework or Kafka: what is left is what any implementation of the path pays.
 */
import { join } from 'node:path';
import { pg } from './bench-support';
import { BUFFER_MINUTES, SERVICE_MINUTES, type BenchCalendar } from './booking-calendar';
import { bookingScript, createPgbenchDatabase } from './booking-pgbench';
import { freePort, HttpCaller, ROOT, ServiceProcess } from './booking-stack';

/** As the scheduling service's pool (DB_POOL_SIZE, 10 by default in libs/platform-database). */
export const FLOOR_POOL_SIZE = 10;

/** The pgbench script's \gset variables (its INSERT's RETURNING columns), as the outbox statement's $1 … $6. */
const RETURNED = ['a_id', 'a_client', 'a_therapist', 'a_room', 'a_start', 'a_end'];

/** The floor service's two statements, taken from pgbench's booking script so that both run the same SQL. */
export function floorStatements(calendar: BenchCalendar): { insert: string; outbox: string } {
  const script = bookingScript(calendar, { audit: false });
  const part = (pattern: RegExp, what: string): string => {
    const found = pattern.exec(script)?.[1];
    if (!found) throw new Error(`the pgbench booking script has no ${what} (${pattern}):\n${script}`);
    return found;
  };
  const head = part(/^(INSERT INTO appointment \([^)]*\))$/m, 'appointment INSERT');
  const returning = part(/^( {2}RETURNING .*)$/m, 'RETURNING clause');
  const outbox = part(/\\gset\n([\s\S]*?)\nCOMMIT;/, 'outbox statement after \\gset');
  // pgbench -M extended sends each :variable as a parameter; literals write their colons as \x3a, casts as `::`.
  const parameterised = outbox.replace(/(?<!:):([a-z_]+)/g, (_, name: string) => {
    const i = RETURNED.indexOf(name);
    if (i < 0) throw new Error(`the pgbench outbox statement uses :${name}, not one of ${RETURNED.join(', ')}`);
    return `$${i + 1}`;
  });
  for (const [i, name] of RETURNED.entries())
    if (!parameterised.includes(`$${i + 1}`)) throw new Error(`the pgbench outbox statement no longer uses :${name}`);
  // The slot's columns from the body ($1 location from the path, $2 … $9 the body), the rest as pgbench writes it.
  const values = `  VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz + interval '${SERVICE_MINUTES} minutes', $6::timestamptz + interval '${SERVICE_MINUTES + BUFFER_MINUTES} minutes',
          $7, $8, $9, now(), 'bench-front-desk', now())`;
  return { insert: `${head}\n${values}\n${returning}`, outbox: parameterised };
}

/** node's arguments for a bench/*.ts file under ts-node (compiled once at start, nothing per request). */
function benchScript(file: string): string[] {
  return ['-r', require.resolve('ts-node/register/transpile-only'), join(ROOT, 'bench', file)];
}

/** ts-node's settings for the floor's processes. */
const TS_NODE_ENV = { TS_NODE_PROJECT: join(ROOT, 'bench/tsconfig.json') };

/** The floor's database, service and proxy. */
export class BookingFloor {
  service?: ServiceProcess;
  proxy?: ServiceProcess;
  statements?: { insert: string; outbox: string };

  constructor(readonly database: string) {}

  /** Makes the floor's database as pgbench's (from the service's calendar), then starts the service and the proxy. */
  async start(fromDatabase: string, calendar: BenchCalendar): Promise<void> {
    this.statements = floorStatements(calendar);
    await createPgbenchDatabase(this.database, fromDatabase, calendar);
    this.service = new ServiceProcess(
      'floor-service',
      await freePort(),
      {
        ...TS_NODE_ENV,
        FLOOR_DB: this.database,
        FLOOR_POOL_SIZE: String(FLOOR_POOL_SIZE),
        FLOOR_INSERT_SQL: this.statements.insert,
        FLOOR_OUTBOX_SQL: this.statements.outbox,
        PGHOST: pg.host,
        PGPORT: String(pg.port),
        PGUSER: pg.user,
      },
      benchScript('booking-floor-service.ts'),
    );
    await this.service.start();
    this.proxy = new ServiceProcess(
      'floor-proxy',
      await freePort(),
      { ...TS_NODE_ENV, FLOOR_UPSTREAM: this.service.url },
      benchScript('booking-floor-proxy.ts'),
    );
    await this.proxy.start();
  }

  /** The bench's client on the proxy, no credentials (the floor checks none). */
  caller(): HttpCaller {
    if (!this.proxy) throw new Error('the booking floor is not started');
    return new HttpCaller(this.proxy.url, () => ({}));
  }

  /** CPU time used so far by the proxy and the service (ms). */
  cpuMs(): { proxy: number; service: number } {
    return { proxy: this.proxy?.cpuMs() ?? NaN, service: this.service?.cpuMs() ?? NaN };
  }

  async stop(): Promise<void> {
    await this.proxy?.stop();
    await this.service?.stop();
  }
}
