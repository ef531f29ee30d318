import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * `@massage/platform` is imported by the gateway, which has no database: its module graph must not
 * reach TypeORM or pg, or the gateway's bundle would carry them. Database plumbing belongs in the
 * library `@massage/platform-database` (libs/platform-database), an Nx project of its own so that even the
 * generated package.json of the gateway leaves them out.
 */
const DATABASE_PACKAGES = /^(typeorm|pg|@nestjs\/typeorm|pg-[\w-]+)(\/.*)?$/;

function sourceOf(file: string): string {
  for (const candidate of [file, `${file}.ts`, join(file, 'index.ts')]) {
    try {
      return readFileSync(candidate, 'utf8');
    } catch {
      // try the next way TypeScript resolves a relative specifier
    }
  }
  throw new Error(`cannot resolve ${file}`);
}

/** Every bare package specifier reachable from `entry` through relative imports and re-exports, type-only ones included. */
function packagesReachedFrom(entry: string): Map<string, string> {
  const packages = new Map<string, string>(); // package -> first file importing it
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = sourceOf(file);
    const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1] as string);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier).replace(/\.ts$/, ''));
      else if (!packages.has(specifier)) packages.set(specifier, file);
    }
  };
  visit(entry);
  return packages;
}

describe('@massage/platform entry point', () => {
  it('does not import typeorm or pg anywhere in its module graph', () => {
    const reached = packagesReachedFrom(join(__dirname, 'index'));
    const offending = [...reached].filter(([pkg]) => DATABASE_PACKAGES.test(pkg)).map(([pkg, file]) => `${pkg} (from ${relative(__dirname, file)})`);
    expect(offending).toEqual([]);
    expect([...reached.keys()]).toContain('@nestjs/common'); // the walk really follows the re-exports
  });

  it('leaves the database plumbing to @massage/platform-database', () => {
    const reached = packagesReachedFrom(join(__dirname, '../../platform-database/src/index'));
    expect([...reached.keys()]).toEqual(expect.arrayContaining(['typeorm', 'pg']));
  });
});
