/**
 * The processes the booking bench measures: the built scheduling service and gateway
 * (`dist/apps/<name>/main.js`), each its own process on a free port, as `npm run up` starts them, but on this
 * run's database (`bench_booking_<run>`), its own projection consumer group (`bench.scheduling.<run>`, so it never
 * joins a running stack's group) and its own keys (a bearer secret and the gateway's assertion key pair, made
 * here). Kafka and PostgreSQL are the shared ones; the scheduling relay publishes the bench's AppointmentBooked
 * events (location `bench-…`) to scheduling.appointments.v1 as it would in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  generateAssertionKeyPair,
  GATEWAY_ASSERTION_HEADER,
  type GatewayAssertionSigner,
} from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { pg, processCpuMs, runId, waitFor } from './bench-support';

export const ROOT = join(__dirname, '..');
const LOG_DIR = join(process.env['DATA_DIR'] || join(ROOT, '.data'), 'bench-logs');

export function bundleOf(name: string): string {
  return join(ROOT, 'dist/apps', name, 'main.js');
}

/** The bundles' build times, for the results (a stale bundle measures old code). */
export function bundlesBuiltAt(names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => {
      const main = bundleOf(name);
      if (!existsSync(main))
        throw new Error(
          `${main} is missing: build it first (npx nx run ${name}:build), or run the bench through bench/run.sh`,
        );
      return [name, statSync(main).mtime.toISOString()];
    }),
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

/**
 * One service as its own process, answering GET /health once up: a built bundle by default, or whatever `entry`
 * (node's arguments) names; its output goes to $DATA_DIR/bench-logs/<name>-<run>.log.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private exitCode: number | null = null;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly entry: string[] = [bundleOf(name)],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logFile(): string {
    return join(LOG_DIR, `${this.name}-${runId}.log`);
  }

  /** `main.js <args>` to completion (e.g. `migrate`, `issue-token`); its stdout. */
  static async runOnce(name: string, args: string[], env: Record<string, string>): Promise<string> {
    const child = spawn(process.execPath, [bundleOf(name), ...args], {
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`${name} ${args.join(' ')} exited with ${code}:\n${out}${err}`);
    return out;
  }

  async start(): Promise<void> {
    mkdirSync(LOG_DIR, { recursive: true });
    const log = createWriteStream(this.logFile);
    // BENCH_BOOKING_PROFILE=1: a V8 CPU profile of the service, written when it exits (next to its log).
    const profile =
      process.env['BENCH_BOOKING_PROFILE'] === '1'
        ? [
            '--cpu-prof',
            `--cpu-prof-dir=${join(LOG_DIR, `profiles-${runId}`)}`,
            `--cpu-prof-name=${this.name}.cpuprofile`,
          ]
        : [];
    this.child = spawn(process.execPath, [...profile, ...this.entry], {
      env: { ...process.env, ...this.env, PORT: String(this.port), BIND_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    // Stopped with the bench, also when it exits early (a failure, a signal through runMain).
    const child = this.child;
    const stopWithBench = () => child.kill('SIGTERM');
    process.once('exit', stopWithBench);
    child.on('exit', (code) => {
      this.exitCode = code ?? -1;
      process.off('exit', stopWithBench);
    });
    await waitFor(
      `${this.name} to answer GET /health with 200 (log ${this.logFile})`,
      async () => {
        if (this.exitCode !== null) throw new Error(`${this.name} exited with ${this.exitCode}; see ${this.logFile}`);
        const res = await exchange('GET', `${this.url}/health`, {}).catch(() => undefined);
        return res?.status === 200;
      },
      90_000,
    );
  }

  /** CPU time the process has used so far, user + system, in ms. */
  cpuMs(): number {
    const pid = this.child?.pid;
    return pid === undefined ? NaN : processCpuMs(pid);
  }

  /** SIGTERM, then SIGKILL after 20 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

/** An HTTP answer: status and parsed JSON body (or the text when it is not JSON). */
export interface Answer<T = unknown> {
  status: number;
  body: T;
}

/**
 * The bench's own HTTP client: node:http on kept-alive connections. It runs on the same two cores as what it
 * measures, so its CPU per booking lowers the services' rates: fetch (undici) cost about twice node:http's CPU
 * per request (the gateway's UpstreamHttp measured the same). Free sockets close after 4 s idle, before a Node
 * server's 5 s keep-alive timeout.
 */
const agent = new Agent({ keepAlive: true, timeout: 4_000 });

function exchange(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer<unknown>> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method,
        agent,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (response: IncomingMessage) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: parsed(text) }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The parsed JSON body, or the text when it is not JSON. */
function parsed(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The scheduling service and a gateway in front of it. The gateway's rate limits are raised for the bench (they
 * would turn its load into 429s; the limiter itself is still on the path); everything else is the production
 * configuration (pool sizes, timeouts).
 */
export class BookingStack {
  private readonly assertionKeys = generateAssertionKeyPair('bench');
  private readonly bearerSecret = randomBytes(32).toString('hex');
  readonly schedulingDb: string;
  scheduling!: ServiceProcess;
  gateway!: ServiceProcess;

  constructor(
    schedulingDb: string,
    private readonly groupId: string,
  ) {
    this.schedulingDb = schedulingDb;
  }

  /** Migrates the scheduling database, then starts scheduling and the gateway. */
  async start(): Promise<void> {
    const schedulingEnv = {
      DB_NAME: this.schedulingDb,
      PGHOST: pg.host,
      PGPORT: String(pg.port),
      PGUSER: pg.user,
      AUTH_ASSERTION_PUBLIC_KEYS: this.assertionKeys.publicKeysJson,
      SCHEDULING_GROUP_ID: this.groupId,
    };
    await ServiceProcess.runOnce('scheduling', ['migrate'], schedulingEnv);
    this.scheduling = new ServiceProcess('scheduling', await freePort(), schedulingEnv);
    await this.scheduling.start();
    this.gateway = new ServiceProcess('gateway', await freePort(), {
      AUTH_TOKEN_SECRET: this.bearerSecret,
      AUTH_ASSERTION_PRIVATE_KEY: this.assertionKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      AUTH_ASSERTION_KEY_ID: 'bench',
      SCHEDULING_URL: this.scheduling.url,
      // Not started by the bench: the discard port, never a running stack's intake or notification.
      INTAKE_URL: 'http://127.0.0.1:9',
      NOTIFICATION_URL: 'http://127.0.0.1:9',
      RATE_LIMIT_PER_TOKEN_PER_MINUTE: '100000000',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000000',
    });
    await this.gateway.start();
  }

  async stop(): Promise<void> {
    await this.gateway?.stop();
    await this.scheduling?.stop();
  }

  /** A bearer token from the gateway's own `issue-token` command. */
  async token(role: string, location?: string, subject?: string): Promise<string> {
    const args = [
      'issue-token',
      '--role',
      role,
      ...(location ? ['--location', location] : []),
      ...(subject ? ['--sub', subject] : []),
    ];
    return (await ServiceProcess.runOnce('gateway', args, { AUTH_TOKEN_SECRET: this.bearerSecret })).trim();
  }

  /** Calls the gateway (`/v1` + path) with a bearer token. */
  viaGateway(token: string): HttpCaller {
    return new HttpCaller(`${this.gateway.url}/v1`, () => ({ authorization: `Bearer ${token}` }));
  }

  /** Calls the scheduling service directly, as the gateway does: a fresh signed assertion per request. */
  direct(actor: Actor): HttpCaller {
    const signer: GatewayAssertionSigner = this.assertionKeys.signer;
    return new HttpCaller(this.scheduling.url, () => ({
      [GATEWAY_ASSERTION_HEADER]: signer.sign(actor, 'scheduling'),
    }));
  }
}

export class HttpCaller {
  constructor(
    private readonly base: string,
    private readonly auth: () => Record<string, string>,
  ) {}

  async send<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<Answer<T>> {
    const headers = this.auth();
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    return exchange(
      method,
      `${this.base}${path}`,
      headers,
      body === undefined ? undefined : JSON.stringify(body),
    ) as Promise<Answer<T>>;
  }

  /** The answer's body when its status is the expected one; throws with the answer otherwise (set-up steps). */
  async expect<T>(
    status: number,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<T> {
    const got = await this.send<T>(method, path, body, idempotencyKey);
    if (got.status !== status)
      throw new Error(`${method} ${path} answered ${got.status} (expected ${status}): ${JSON.stringify(got.body)}`);
    return got.body;
  }
}
