import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';

export const RESULTS_START = '<!-- faults:results:start -->';
export const RESULTS_END = '<!-- faults:results:end -->';

export interface RunSetDescription {
  table: string;
  /** The arguments the suite ran with, as typed after `npm run faults --`. */
  args: string;
  settings: string;
  notes: string[];
}

/** The machine, in one line (what the figures depend on). */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}, Node ${process.version}`;
}

/** The results section, between the markers of docs/reliability.md. */
export function resultsSection(set: RunSetDescription, now = new Date()): string {
  return [
    RESULTS_START,
    `Run of ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC, \`npm run faults -- ${set.args}\`, on ${machineLine()}.`,
    `Settings: ${set.settings}.`,
    '',
    set.table,
    '',
    ...set.notes.map((n) => `- ${n}`),
    RESULTS_END,
  ].join('\n');
}

/** Replaces the results section of the document (between the markers), leaving the method text as written. */
export function writeResults(docPath: string, section: string): void {
  const doc = readFileSync(docPath, 'utf8');
  const start = doc.indexOf(RESULTS_START);
  const end = doc.indexOf(RESULTS_END);
  if (start < 0 || end < start) throw new Error(`${docPath} has no ${RESULTS_START} … ${RESULTS_END} section`);
  writeFileSync(docPath, doc.slice(0, start) + section + doc.slice(end + RESULTS_END.length));
}
