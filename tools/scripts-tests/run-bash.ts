import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');

export interface BashResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs SCRIPT with bash (asynchronously, so a server in this process can answer it). The variables
 * that scripts/env.sh derives from DATA_DIR are dropped from the inherited environment, so a test's
 * DATA_DIR really moves every pid file and log.
 */
export function runBash(script: string, env: Record<string, string> = {}): Promise<BashResult> {
  const inherited = { ...process.env };
  for (const derived of ['RUN_DIR', 'SMTP_RUN_DIR', 'KAFKA_DATA_DIR', 'MAILBOX_DIR', 'MASSAGE_ENV_LOADED']) delete inherited[derived];
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs BODY after sourcing scripts/lib.sh under `set -euo pipefail`, as every script does. */
export function runWithLib(body: string, env: Record<string, string> = {}): Promise<BashResult> {
  return runBash(`set -euo pipefail; source scripts/lib.sh\n${body}`, env);
}

/** True while PID names a process that has not exited (a zombie has). */
export function processRuns(pid: number): boolean {
  const stat = join('/proc', String(pid), 'stat');
  if (!existsSync(stat)) return false;
  const text = readFileSync(stat, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
}
