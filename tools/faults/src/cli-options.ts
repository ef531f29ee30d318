/** `npm run faults -- [--runs N] [--scenario a,b] [--write-doc] [--keep] [--rate R] [--list]` */
export interface CliOptions {
  runs: number;
  scenarios: string[] | undefined;
  writeDoc: boolean;
  keep: boolean;
  list: boolean;
  ratePerSecond: number;
  drainTimeoutMs: number;
}

export function parseCliOptions(argv: readonly string[]): CliOptions {
  const options: CliOptions = { runs: 1, scenarios: undefined, writeDoc: false, keep: false, list: false, ratePerSecond: 20, drainTimeoutMs: 300_000 };
  const args = [...argv];
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const positive = (flag: string): number => {
    const n = Number(value(flag));
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number`);
    return n;
  };
  while (args.length) {
    const arg = args.shift() as string;
    const [flag, inline] = arg.includes('=') ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    if (inline !== undefined) args.unshift(inline);
    switch (flag) {
      case '--runs':
        options.runs = Math.floor(positive(flag));
        break;
      case '--scenario':
      case '--scenarios':
        options.scenarios = [...(options.scenarios ?? []), ...value(flag).split(',').filter(Boolean)];
        break;
      case '--rate':
        options.ratePerSecond = positive(flag);
        break;
      case '--drain-timeout':
        options.drainTimeoutMs = positive(flag) * 1000;
        break;
      case '--write-doc':
        options.writeDoc = true;
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--list':
        options.list = true;
        break;
      case '--no-build':
        break; // handled by run.sh
      default:
        throw new Error(`unknown option ${arg}; use --runs N, --scenario NAME[,NAME], --rate R, --drain-timeout S, --write-doc, --keep, --list`);
    }
  }
  return options;
}
