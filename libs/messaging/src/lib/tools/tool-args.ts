import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/**
 * The flag parser of the operator tools (`main.js dlq …`, `main.js outbox …`): Node's own `parseArgs`,
 * strict (an unknown flag, a missing value or a stray argument is an error), with the usage appended to
 * every error. It lives here rather than in @massage/platform because messaging may not import platform
 * (module boundaries); the gateway's `issue-token` calls `parseArgs` the same way.
 */
export function parseToolFlags<O extends ParseArgsOptionsConfig>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${usage}`);
  }
}

/** Splits `<sub-command> [flags…]`, refusing a sub-command not in `known`. */
export function subCommand<S extends string>(args: string[], known: readonly S[], usage: string): { sub: S; rest: string[] } {
  const [sub, ...rest] = args;
  if (sub === undefined || !(known as readonly string[]).includes(sub)) {
    throw new Error(`${sub === undefined ? 'missing sub-command' : `unknown sub-command "${sub}"`}\n${usage}`);
  }
  return { sub: sub as S, rest };
}

/** `--name N` as a positive integer, or `fallback` when absent. */
export function positiveIntFlag(name: string, raw: string | undefined, fallback: number, usage: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"\n${usage}`);
  return n;
}

/** `--name ISO-TIME` as a Date; refuses what is not an ISO 8601 date(-time). */
export function isoTimeFlag(name: string, raw: string, usage: string): Date {
  const time = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) || Number.isNaN(time.getTime())) {
    throw new Error(`--${name} must be an ISO 8601 time such as 2026-11-30T09:00:00Z, got "${raw}"\n${usage}`);
  }
  return time;
}
