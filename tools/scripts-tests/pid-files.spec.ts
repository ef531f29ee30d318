import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processRuns, runWithLib } from './run-bash';

/**
 * scripts/lib.sh trusts a pid file only while it names the very process it was written for (pid plus
 * start time and boot): after a reboot or a crash the pid can belong to someone else's process,
 * which `npm run down` must never signal.
 */
describe('pid files (scripts/lib.sh)', () => {
  let dir: string;
  const detachedPids: number[] = [];
  let unrelated: ChildProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scripts-pid-'));
  });
  afterEach(() => {
    // Whatever a test started detached: the pids it noted and any pid file still in its directory.
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.pid'))) detachedPids.push(Number(readFileSync(join(dir, file), 'utf8').split(' ')[0]));
    for (const pid of detachedPids.splice(0)) if (pid > 1 && pid !== unrelated?.pid && processRuns(pid)) process.kill(pid, 'SIGKILL');
    unrelated?.kill('SIGKILL');
    unrelated = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** A live process this test started itself, unknown to the scripts. */
  function startUnrelated(): number {
    unrelated = spawn('sleep', ['300'], { stdio: 'ignore' });
    const pid = unrelated.pid;
    if (pid === undefined) throw new Error('could not start sleep');
    return pid;
  }

  it('start_detached records pid and identity; pid_alive trusts it; stop_pid_file stops it', async () => {
    const file = join(dir, 'sleeper.pid');
    const started = await runWithLib(`start_detached "${file}" "${dir}/sleeper.log" sleep 301; pid_alive "${file}" && echo alive`);
    expect(started).toMatchObject({ code: 0, stdout: 'alive\n' });
    const [pid, identity] = readFileSync(file, 'utf8').trim().split(' ');
    detachedPids.push(Number(pid));
    expect(identity).toMatch(/^\d+@[0-9a-f-]+$/);
    expect(processRuns(Number(pid))).toBe(true);

    const stopped = await runWithLib(`stop_pid_file "${file}" sleeper 10`);
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain(`stopping sleeper (pid ${pid})`);
    expect(processRuns(Number(pid))).toBe(false);
    expect(existsSync(file)).toBe(false);
  });

  it('a pid file naming a live process with another identity is stale: pid_alive says no and removes it', async () => {
    const pid = startUnrelated();
    const file = join(dir, 'kafka.pid');
    writeFileSync(file, `${pid} 12345@00000000-0000-0000-0000-000000000000\n`);
    const result = await runWithLib(`if pid_alive "${file}"; then echo alive; else echo not-alive; fi`);
    expect(result).toMatchObject({ code: 0, stdout: 'not-alive\n' });
    expect(result.stderr).toContain(`stale pid file ${file}: pid ${pid} is now another process`);
    expect(existsSync(file)).toBe(false);
    expect(processRuns(pid)).toBe(true);
  });

  it('stop_pid_file never signals the process a stale pid file names', async () => {
    const pid = startUnrelated();
    const otherIdentity = join(dir, 'smtp.pid');
    const beforeReboot = join(dir, 'kafka.pid'); // only a pid, as files were written before identities
    writeFileSync(otherIdentity, `${pid} 12345@00000000-0000-0000-0000-000000000000\n`);
    writeFileSync(beforeReboot, `${pid}\n`);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(beforeReboot, anHourAgo, anHourAgo);
    const result = await runWithLib(`stop_pid_file "${otherIdentity}" "SMTP mail catcher" 2; stop_pid_file "${beforeReboot}" Kafka 2`);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('SMTP mail catcher is not running');
    expect(result.stderr).toContain('Kafka is not running');
    expect(result.stderr).not.toContain('stopping');
    expect(existsSync(otherIdentity)).toBe(false);
    expect(existsSync(beforeReboot)).toBe(false);
    expect(processRuns(pid)).toBe(true);
    expect(unrelated?.exitCode).toBeNull();
    expect(unrelated?.signalCode).toBeNull();
  });

  it('an old pid-only file is trusted only if it was written as its process started', async () => {
    const pid = startUnrelated();
    const fresh = join(dir, 'fresh.pid');
    const old = join(dir, 'old.pid');
    writeFileSync(fresh, `${pid}\n`);
    writeFileSync(old, `${pid}\n`);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, anHourAgo, anHourAgo); // e.g. left from before a reboot
    const result = await runWithLib(
      `pid_alive "${fresh}" && echo fresh-alive; if pid_alive "${old}"; then echo old-alive; else echo old-stale; fi; stop_pid_file "${old}" old 2`,
    );
    expect(result).toMatchObject({ code: 0, stdout: 'fresh-alive\nold-stale\n' });
    expect(processRuns(pid)).toBe(true);
  });

  it('a run that fails stops what it started (start_tracked) and leaves what ran before', async () => {
    const before = join(dir, 'before.pid');
    const script = `
      start_detached "${before}" "${dir}/before.log" sleep 302
      on_exit() { local status=$?; trap - EXIT; [ "$status" -eq 0 ] || stop_tracked 10; exit "$status"; }
      trap on_exit EXIT
      start_tracked "${dir}/a.pid" "${dir}/a.log" sleep 303
      start_tracked "${dir}/b.pid" "${dir}/b.log" sleep 304
      cat "${dir}/a.pid" "${dir}/b.pid" > "${dir}/started"
      false # a later step fails`;
    const result = await runWithLib(script);
    const [beforePid] = readFileSync(before, 'utf8').split(' ');
    const started = readFileSync(join(dir, 'started'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => Number(line.split(' ')[0]));
    detachedPids.push(Number(beforePid), ...started);
    expect(result.code).toBe(1);
    expect(started).toHaveLength(2);
    for (const pid of started) expect(processRuns(pid)).toBe(false);
    expect(processRuns(Number(beforePid))).toBe(true);
  });
});
