/**
 * What the local stand-ins' entry points share (infra/smtp/mail-catcher.main.ts, infra/sms/sms-catcher.main.ts):
 * ports from the environment, timestamped log lines, and closing on SIGTERM (their stop.sh) or SIGINT.
 */

/** The port in the environment variable `name`, else `fallback`; anything but a whole number 0–65535 is refused. */
export function portFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`${name} must be a port number`);
  return value;
}

/** A line of the stand-in's log: `<ISO instant> <line>` on stdout (start.sh sends it to the log file). */
export function logLine(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

/**
 * Runs a stand-in: `start` opens it and says where; SIGTERM or SIGINT closes it and the process exits (1 when
 * closing failed). A failure to start is printed and the process exits 1.
 */
export function runStandIn(start: () => Promise<{ close(): Promise<void> }>): void {
  start().then(
    (standIn) => {
      const shutdown = (signal: NodeJS.Signals): void => {
        logLine(`${signal}: closing`);
        standIn.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
