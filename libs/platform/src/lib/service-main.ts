import type { Type } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import { createHttpService, listen, type HttpServiceOptions } from './bootstrap';
import { runMigrations } from './database';

export interface ServiceMain extends HttpServiceOptions {
  module: Type<unknown>;
  /** The service's own database: enables `main.js migrate`, which a deploy runs before starting. */
  dataSourceOptions?: () => DataSourceOptions;
  /** Extra sub-commands, `main.js <name> [args…]`; what they return is printed. */
  commands?: Record<string, (args: string[]) => string | Promise<string>>;
}

/**
 * The whole of a service's main.ts: `main.js` serves, `main.js migrate` migrates, other sub-commands as
 * declared. Exits non-zero with the error when anything fails.
 */
export function runServiceMain(service: ServiceMain, argv: string[] = process.argv.slice(2)): void {
  const [command, ...args] = argv;
  const run = async (): Promise<void> => {
    if (command === undefined) {
      const app = await createHttpService(service.module, service);
      await listen(app, service);
      return;
    }
    if (command === 'migrate' && service.dataSourceOptions) return runMigrations(service.dataSourceOptions());
    const sub = service.commands?.[command];
    if (!sub) throw new Error(`unknown command "${command}"; use: ${usage(service)}`);
    process.stdout.write(`${await sub(args)}\n`);
  };
  run().catch((error: unknown) => {
    // A command's own mistakes (bad flags) read better without a stack trace.
    console.error(command !== undefined && error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

function usage(service: ServiceMain): string {
  const commands = ['(none: serve)', ...(service.dataSourceOptions ? ['migrate'] : []), ...Object.keys(service.commands ?? {})];
  return `main.js ${commands.join(' | ')}`;
}
