import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { delay } from '@massage/testing';

/**
 * One replica of a built service (`<bundles>/<name>/main.js`) as its own process, as in production
 * (the e2e suite's ServiceProcess, grown for faults: signals, restarts, one log per replica).
 */
export class ServiceProcess {
  private static readonly live = new Set<ServiceProcess>();
  private static aborted = false;

  /** Ctrl-C: kills every replica the suite started and refuses to start more. */
  static async abortAll(): Promise<void> {
    ServiceProcess.aborted = true;
    await Promise.all([...ServiceProcess.live].map((p) => p.stop(2_000)));
  }

  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  private log: WriteStream | undefined;
  private starts = 0;

  constructor(
    readonly name: string,
    readonly replica: string,
    readonly port: number,
    private readonly main: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get logFile(): string {
    return join(this.logDir, `${this.replica}.log`);
  }

  /** Runs `main.js <args>` to completion (e.g. `migrate`); fails with its output on a non-zero exit. */
  static async runOnce(main: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
    const child = spawn(process.execPath, [main, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearTimeout(timer);
    if (code !== 0) throw new Error(`${main} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`);
    return output;
  }

  /** Starts the process (again) and waits until its health endpoint answers 200. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.running) return;
    if (ServiceProcess.aborted) throw new Error('the suite is stopping');
    this.starts += 1;
    ServiceProcess.live.add(this);
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    this.log.write(`\n===== start #${this.starts} at ${new Date().toISOString()} =====\n`);
    const child = spawn(process.execPath, [this.main], {
      env: { ...this.env, PORT: String(this.port), BIND_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.replica} exited while starting; see ${this.logFile}`);
      if (await this.healthy()) return;
      await delay(200);
    }
    throw new Error(`${this.replica} did not answer its health check within ${timeoutMs} ms; see ${this.logFile}`);
  }

  /** GET /health/ready, or /health on services that do not have it yet: 200 means ready. */
  async healthy(): Promise<boolean> {
    for (const path of ['/health/ready', '/health']) {
      const res = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      if (res?.status === 200) return true;
      if (res && res.status !== 404) return false;
    }
    return false;
  }

  /** Sends a signal; SIGKILL/SIGTERM resolve when the process has exited (SIGKILL after `graceMs` for SIGTERM). */
  async signal(signal: NodeJS.Signals, graceMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill(signal);
    if (signal !== 'SIGKILL' && signal !== 'SIGTERM') return;
    const timer = signal === 'SIGTERM' ? setTimeout(() => child.kill('SIGKILL'), graceMs) : undefined;
    await this.exited;
    if (timer) clearTimeout(timer);
  }

  /** Stops it for good at the end of a run: SIGCONT (it may be frozen), SIGTERM, then SIGKILL. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGCONT');
    await this.signal('SIGTERM', graceMs);
  }

  async closeLog(): Promise<void> {
    const log = this.log;
    this.log = undefined;
    if (log) await new Promise<void>((resolve) => log.end(() => resolve()));
  }
}
