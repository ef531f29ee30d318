import type { Type } from '@nestjs/common';
import { createHttpService, listen, type HttpServiceOptions } from './bootstrap';

export interface ServiceMain extends HttpServiceOptions {
  module: Type<unknown>;
  /**
   * Applies the service's pending migrations: enables `main.js migrate`, which a deploy runs before
   * starting. Services with a database pass `() => runMigrations(…)` from `@massage/platform-database`.
   */
  migrate?: () => Promise<void>;
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
    if (command === 'migrate' && service.migrate) return service.migrate();
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
  const commands = ['(none: serve)', ...(service.migrate ? ['migrate'] : []), ...Object.keys(service.commands ?? {})];
  return `main.js ${commands.join(' | ')}`;
}
