import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runBash } from './run-bash';

/**
 * Every script finds the project's nx and Node 24 whatever `node` the machine has. A machine whose
 * own node is already 24 used to get neither node_modules/.bin on PATH nor nx (`nx: command not found`).
 */
describe('scripts/env.sh', () => {
  const wantMajor = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim().replace(/^v/, '').split('.')[0];
  const report = 'source scripts/env.sh; command -v nx; node -p "process.versions.node.split(\\".\\")[0]"';

  it.each([
    ['Node 24 but no nx', `${ROOT}/node_modules/node/bin:/usr/bin:/bin`],
    ["only the machine's own node", '/usr/bin:/bin'],
    ['node_modules/.bin after the system directories', `/usr/bin:/bin:${ROOT}/node_modules/.bin`],
  ])('puts the project nx and Node first on a PATH with %s', async (_case, path) => {
    const result = await runBash(report, { PATH: path });
    expect(result).toMatchObject({ code: 0, stdout: `${ROOT}/node_modules/.bin/nx\n${wantMajor}\n` });
  });
});
