import * as http from 'node:http';
import * as net from 'node:net';

/**
 * How a test reaches the real services it needs. The order is always:
 *   1. environment variables (what `scripts/env.sh` exports for `npm run up` / CI),
 *   2. a container, when a Docker engine answers (testcontainers),
 *   3. a clear error saying how to start the service.
 * The pure `*FromEnv` functions are exported for unit tests and for code that needs the values
 * without probing.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
}

export interface PostgresConnectionOptions extends PostgresServer {
  readonly database: string;
}

export interface SmtpServerAddress {
  readonly host: string;
  readonly port: number;
  readonly user?: string;
  readonly pass?: string;
}

export const KAFKA_NOT_REACHABLE =
  'Kafka is not reachable: set KAFKA_BROKERS or run `npm run up` / `bash infra/kafka/start.sh`';
export const POSTGRES_NOT_REACHABLE =
  'PostgreSQL is not reachable: set PGHOST (and PGPORT/PGUSER/PGPASSWORD) or run `npm run up` / `bash infra/postgres/create-databases.sh`';

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parsePort(value: string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new Error(`${name} must be a TCP port number, got "${value}"`);
  }
  return port;
}

/** `KAFKA_BROKERS` as a list (`host:port` separated by commas), or undefined when unset. */
export function kafkaBrokersFromEnv(env: Env = process.env): string[] | undefined {
  const raw = nonEmpty(env['KAFKA_BROKERS']);
  if (!raw) return undefined;
  const brokers = raw
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  for (const broker of brokers) splitHostPort(broker, 'KAFKA_BROKERS');
  return brokers.length > 0 ? brokers : undefined;
}

/** The PostgreSQL server named by `PGHOST`/`PGPORT`/`PGUSER`/`PGPASSWORD`, or undefined without `PGHOST`. */
export function postgresFromEnv(env: Env = process.env): PostgresServer | undefined {
  const host = nonEmpty(env['PGHOST']);
  if (!host) return undefined;
  const password = env['PGPASSWORD'];
  return {
    host,
    port: parsePort(nonEmpty(env['PGPORT']) ?? '5432', 'PGPORT'),
    user: nonEmpty(env['PGUSER']) ?? 'postgres',
    ...(password !== undefined && password !== '' ? { password } : {}),
  };
}

/**
 * An SMTP server started outside the test (infra/smtp) together with the mailbox directory it
 * writes to: both `SMTP_HOST` and `MAILBOX_DIR` must be set, since a test must read what arrived.
 */
export function smtpFromEnv(env: Env = process.env): (SmtpServerAddress & { mailboxDir: string }) | undefined {
  const host = nonEmpty(env['SMTP_HOST']);
  const mailboxDir = nonEmpty(env['MAILBOX_DIR']);
  if (!host || !mailboxDir) return undefined;
  const user = nonEmpty(env['SMTP_USER']);
  const pass = env['SMTP_PASS'];
  return {
    host,
    port: parsePort(nonEmpty(env['SMTP_PORT']) ?? '2525', 'SMTP_PORT'),
    mailboxDir,
    ...(user ? { user } : {}),
    ...(user && pass !== undefined ? { pass } : {}),
  };
}

/**
 * The brokers from `KAFKA_BROKERS`, synchronously. It cannot start a container: tests use
 * `await testKafka()`, which can.
 */
export function kafkaBrokers(env: Env = process.env): string[] {
  const brokers = kafkaBrokersFromEnv(env);
  if (!brokers) throw new Error(KAFKA_NOT_REACHABLE);
  return brokers;
}

export function splitHostPort(address: string, what = 'address'): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address.trim());
  if (!match) throw new Error(`${what} must be host:port, got "${address}"`);
  return { host: match[1] ?? '', port: parsePort(match[2] ?? '', what) };
}

/** True when host:port accepts a TCP connection within `timeoutMs`. */
export function isPortReachable(host: string, port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * True when a Docker engine answers `GET /_ping`: at DOCKER_HOST (unix:// or tcp://) or at
 * /var/run/docker.sock. A docker CLI without an engine (as on the project's machines) is false.
 */
export function isDockerAvailable(env: Env = process.env, timeoutMs = 1_500): Promise<boolean> {
  const dockerHost = nonEmpty(env['DOCKER_HOST']);
  let target: http.RequestOptions;
  if (!dockerHost || dockerHost.startsWith('unix://')) {
    target = { socketPath: dockerHost ? dockerHost.slice('unix://'.length) : '/var/run/docker.sock' };
  } else if (dockerHost.startsWith('tcp://') || dockerHost.startsWith('http://')) {
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    target = { host: url.hostname, port: Number(url.port || 2375) };
  } else {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const request = http.get({ ...target, path: '/_ping', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once('timeout', () => {
      request.destroy();
      resolve(false);
    });
    request.once('error', () => resolve(false));
  });
}

/** Seams for unit tests; real callers pass nothing. */
export interface ResolveOptions {
  readonly env?: Env;
  readonly dockerAvailable?: () => Promise<boolean>;
  readonly reachable?: (host: string, port: number) => Promise<boolean>;
}

export interface TestKafka {
  readonly brokers: string[];
  /** Where the brokers came from. */
  readonly source: 'env' | 'container';
}

export interface TestPostgres extends PostgresServer {
  readonly source: 'env' | 'container';
}

/**
 * The Kafka brokers a test talks to: `KAFKA_BROKERS` (checked to answer), else a Kafka container
 * when a Docker engine answers (started once per test process, with the catalogue and DLQ topics
 * created), else an error that says how to start Kafka.
 */
export async function testKafka(options: ResolveOptions = {}): Promise<TestKafka> {
  const env = options.env ?? process.env;
  const reachable = options.reachable ?? isPortReachable;
  const brokers = kafkaBrokersFromEnv(env);
  if (brokers) {
    const first = splitHostPort(brokers[0] ?? '', 'KAFKA_BROKERS');
    if (!(await reachable(first.host, first.port))) {
      throw new Error(`${KAFKA_NOT_REACHABLE} (nothing answers at ${brokers.join(',')} from KAFKA_BROKERS)`);
    }
    return { brokers, source: 'env' };
  }
  if (await (options.dockerAvailable ?? (() => isDockerAvailable(env)))()) {
    const { kafkaContainer } = await import('./containers');
    return { brokers: (await kafkaContainer()).brokers, source: 'container' };
  }
  throw new Error(KAFKA_NOT_REACHABLE);
}

/**
 * The PostgreSQL server a test talks to: `PGHOST` etc. (checked to answer), else a postgres
 * container when a Docker engine answers, else an error that says how to start PostgreSQL.
 */
export async function testPostgres(options: ResolveOptions = {}): Promise<TestPostgres> {
  const env = options.env ?? process.env;
  const reachable = options.reachable ?? isPortReachable;
  const server = postgresFromEnv(env);
  if (server) {
    // A unix socket directory in PGHOST cannot be probed over TCP; pg will report its own error.
    if (!server.host.startsWith('/') && !(await reachable(server.host, server.port))) {
      throw new Error(`${POSTGRES_NOT_REACHABLE} (nothing answers at ${server.host}:${server.port} from PGHOST/PGPORT)`);
    }
    return { ...server, source: 'env' };
  }
  if (await (options.dockerAvailable ?? (() => isDockerAvailable(env)))()) {
    const { postgresContainer } = await import('./containers');
    return { ...(await postgresContainer()), source: 'container' };
  }
  throw new Error(POSTGRES_NOT_REACHABLE);
}
