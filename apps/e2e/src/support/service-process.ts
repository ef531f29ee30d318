import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@massage/testing';

export const WORKSPACE_ROOT = join(__dirname, '../../../..');

/** A built service (`dist/apps/<name>/main.js`) running as its own process, as it runs in production. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exitCode: number | null = null;
  private starts = 0;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Runs `main.js <args>` to completion (e.g. `migrate`), fails on a non-zero exit, returns its stdout. */
  static async runOnce(name: string, args: string[], env: Record<string, string>): Promise<string> {
    const child = spawn(process.execPath, [mainOf(name), ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`${name} ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`);
    return stdout;
  }

  async start(): Promise<void> {
    const logDir = join(WORKSPACE_ROOT, '.data/e2e-logs');
    mkdirSync(logDir, { recursive: true });
    // A restart (after kill) appends to the first run's log.
    const log = createWriteStream(join(logDir, `${this.name}.log`), { flags: this.starts++ === 0 ? 'w' : 'a' });
    this.exitCode = null;
    this.child = spawn(process.execPath, [mainOf(this.name)], {
      env: { ...process.env, ...this.env, PORT: String(this.port), BIND_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    this.child.on('exit', (code) => (this.exitCode = code ?? -1));
    await waitFor(
      async () => {
        if (this.exitCode !== null) throw new Error(`${this.name} exited with ${this.exitCode}; see .data/e2e-logs/${this.name}.log`);
        const res = await fetch(`${this.url}/health`).catch(() => undefined);
        return res?.status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 200, description: `${this.name} /health to answer 200` },
    );
  }

  /** SIGTERM, as an orchestrator stops a replica; resolves with the exit code. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || this.exitCode !== null) return this.exitCode;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  /** SIGKILL, as a crash or an OOM kill ends a replica: nothing of its own shutdown runs. Resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || this.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

function mainOf(name: string): string {
  return join(WORKSPACE_ROOT, 'dist/apps', name, 'main.js');
}
