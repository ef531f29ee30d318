import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEventCatalogue } from './catalogue-doc';

describe('docs/events.md', () => {
  it('matches the catalogue in code (run `npm run docs:events` after changing an event)', () => {
    const onDisk = readFileSync(join(__dirname, '../../../../docs/events.md'), 'utf8');
    expect(onDisk).toBe(renderEventCatalogue());
  });
});
