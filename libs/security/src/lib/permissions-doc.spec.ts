import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from './actor';
import { PERMISSIONS, scopeOf } from './permissions';

/** docs/security.md prints the permission table; this keeps the two in step. */
describe('docs/security.md permission table', () => {
  it('has one row per permission, as the table in code says', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/security.md'), 'utf8');
    const expected = PERMISSIONS.map((p) => `| \`${p}\` | ${ROLES.map((r) => scopeOf(r, p) ?? '—').join(' | ')} |`);
    const rows = doc.split('\n').filter((line) => /^\| `[a-z-]+:[a-z-]+` \|/.test(line));
    expect(rows).toEqual(expected);
  });
});
