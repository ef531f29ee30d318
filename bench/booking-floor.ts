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
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pg, processCpuMs, runId, waitFor } from './bench-support';
import { BUFFER_MINUTES, SERVICE_MINUTES, type BenchCalendar } from './booking-calendar';
import { bookingScript, createPgbenchDatabase } from './booking-pgbench';
import { freePort, HttpCaller, ROOT } from './booking-stack';

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

/** One of the floor's two processes: a bench/*.ts file under ts-node (compiled once at start), its own log. */
class FloorProcess {
  private child?: ChildProcess;
  private exitCode: number | null = null;

  constructor(
    readonly name: string,
    private readonly file: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(logDir: string): Promise<void> {
    mkdirSync(logDir, { recursive: true });
    const logFile = join(logDir, `${this.name}-${runId}.log`);
    const log = createWriteStream(logFile);
    this.child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', this.file)],
      {
        cwd: ROOT,
        env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'bench/tsconfig.json'), ...this.env, PORT: String(this.port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    this.child.on('exit', (code) => (this.exitCode = code ?? -1));
    const health = new HttpCaller(this.url, () => ({}));
    await waitFor(
      `${this.name} to answer GET /health with 200 (log ${logFile})`,
      async () => {
        if (this.exitCode !== null) throw new Error(`${this.name} exited with ${this.exitCode}; see ${logFile}`);
        return (await health.send('GET', '/health').catch(() => undefined))?.status === 200;
      },
      60_000,
    );
  }

  /** CPU time the process has used so far, user + system, in ms. */
  cpuMs(): number {
    const pid = this.child?.pid;
    return pid === undefined ? NaN : processCpuMs(pid);
  }

  /** SIGTERM, then SIGKILL after 5 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The floor's database, service and proxy. */
export class BookingFloor {
  service?: FloorProcess;
  proxy?: FloorProcess;
  statements?: { insert: string; outbox: string };

  constructor(readonly database: string) {}

  /** Makes the floor's database as pgbench's (from the service's calendar), then starts the service and the proxy. */
  async start(fromDatabase: string, calendar: BenchCalendar): Promise<void> {
    this.statements = floorStatements(calendar);
    await createPgbenchDatabase(this.database, fromDatabase, calendar);
    const logDir = join(process.env['DATA_DIR'] || join(ROOT, '.data'), 'bench-logs');
    this.service = new FloorProcess('floor-service', 'booking-floor-service.ts', await freePort(), {
      FLOOR_DB: this.database,
      FLOOR_POOL_SIZE: String(FLOOR_POOL_SIZE),
      FLOOR_INSERT_SQL: this.statements.insert,
      FLOOR_OUTBOX_SQL: this.statements.outbox,
      PGHOST: pg.host,
      PGPORT: String(pg.port),
      PGUSER: pg.user,
    });
    await this.service.start(logDir);
    this.proxy = new FloorProcess('floor-proxy', 'booking-floor-proxy.ts', await freePort(), {
      FLOOR_UPSTREAM: this.service.url,
    });
    await this.proxy.start(logDir);
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
