import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { waitFor } from '@massage/testing';
import { assertOwnPort, childEnv } from './child-env';
import { freePort } from './free-port';
import { pidFromFile, runChecked, runCommand } from './run-command';

/** The newest PostgreSQL server binaries on the machine (PG_BIN overrides). */
function serverBinDir(): string {
  const fromEnv = process.env['FAULTS_PG_BIN'];
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (set FAULTS_PG_BIN)');
  return join(root, newest, 'bin');
}

/**
 * The suite's own PostgreSQL cluster: `initdb` into the run folder, its own port and socket folder,
 * trust auth, started and stopped with pg_ctl. initdb refuses to run as root, so as root the server
 * runs as the machine's `postgres` user (runuser). Never the machine's shared server.
 */
export class PostgresCluster {
  private constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly socketDir: string,
    private readonly bin: string,
    private readonly runAs: string | undefined,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  readonly host = '127.0.0.1';
  readonly user = 'postgres';

  static async start(runDir: string): Promise<PostgresCluster> {
    const port = await freePort('PostgreSQL');
    assertOwnPort(port, 'PostgreSQL');
    const runAs = process.getuid?.() === 0 ? 'postgres' : undefined;
    // As root the server runs as `postgres`, which must reach its folder: the run folder may sit under a
    // checkout it cannot enter (a clone in a 0700 `mktemp -d`), so the cluster then lives in the system
    // temp folder (removed by stop()); the server's command line still names it, FAULTS_RUN_DIR its env.
    const folder = runAs ? mkdtempSync(join(tmpdir(), 'massage-faults-pg-')) : join(runDir, 'postgres');
    const dataDir = join(folder, 'data');
    const socketDir = join(folder, 'socket');
    mkdirSync(socketDir, { recursive: true });
    if (runAs) {
      const owner = await runChecked('id', ['-u', runAs], { env: process.env });
      const group = await runChecked('id', ['-g', runAs], { env: process.env });
      for (const dir of [folder, socketDir]) chownSync(dir, Number(owner.trim()), Number(group.trim()));
    }
    const env = childEnv({ FAULTS_RUN_DIR: runDir, LC_ALL: 'C' });
    const cluster = new PostgresCluster(port, dataDir, socketDir, serverBinDir(), runAs, env);
    await cluster.exec('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    await cluster.startServer();
    return cluster;
  }

  /** Server-side pid (postmaster.pid, first line). */
  get pid(): number | undefined {
    return pidFromFile(join(this.dataDir, 'postmaster.pid'));
  }

  /** Environment for scripts and services reaching this cluster. */
  get connectionEnv(): Record<string, string> {
    return { PGHOST: this.host, PGPORT: String(this.port), PGUSER: this.user };
  }

  async startServer(): Promise<void> {
    // fsync off: a process crash (what the scenarios cause) loses nothing the OS holds; only a machine crash would.
    const options = `-p ${this.port} -k ${this.socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
    await this.exec('pg_ctl', ['-D', this.dataDir, '-l', join(this.dataDir, '..', 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
    await waitFor(() => this.answers(), { timeoutMs: 30_000, intervalMs: 200, description: 'the suite PostgreSQL to answer' });
  }

  /** `pg_ctl stop -m immediate`: every backend dies at once, no checkpoint (crash recovery on the next start). */
  async stopImmediate(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
  }

  async stop(): Promise<void> {
    await runCommand(this.command('pg_ctl')[0], [...this.command('pg_ctl').slice(1), '-D', this.dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop'], {
      env: this.env,
      timeoutMs: 40_000,
    });
    if (this.runAs) rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
  }

  async answers(): Promise<boolean> {
    const client = this.client('postgres');
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  client(database: string): Client {
    return new Client({ host: this.host, port: this.port, user: this.user, database, connectionTimeoutMillis: 5_000 });
  }

  /** Runs SQL on one database and returns the rows. */
  async query<T>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = this.client(database);
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private command(tool: string): string[] {
    const path = join(this.bin, tool);
    return this.runAs ? ['runuser', '-u', this.runAs, '--', path] : [path];
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const [command, ...prefix] = this.command(tool);
    await runChecked(command as string, [...prefix, ...args], { env: this.env, timeoutMs: 120_000 });
  }
}
