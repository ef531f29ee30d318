// Writes docs/events.md from the event catalogue in libs/contracts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEventCatalogue } from '@massage/contracts';

const target = join(__dirname, '../../docs/events.md');
writeFileSync(target, renderEventCatalogue());
console.log(`wrote ${target}`);
