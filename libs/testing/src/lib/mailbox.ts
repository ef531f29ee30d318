import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { waitFor } from './wait-for';

/** The `.json` summary the mail catcher writes beside each `.eml` it stores. */
export interface MailSummary {
  /** The file name stem shared by the `.eml` and the `.json`: `<timestamp>-<id>`. */
  readonly id: string;
  /** The Message-ID header, if the sender set one. */
  readonly messageId: string | null;
  readonly from: string | null;
  /** Addresses of the To header, or the SMTP envelope recipients when the header has none. */
  readonly to: string[];
  readonly subject: string | null;
  readonly text: string | null;
  readonly html: string | null;
  /** SMTP envelope: MAIL FROM and RCPT TO. */
  readonly envelope: { readonly from: string | null; readonly to: string[] };
  /** The authenticated SMTP user, if the client logged in. */
  readonly authUser: string | null;
  /** ISO time the server accepted the message. */
  readonly receivedAt: string;
  /** File name of the raw message, in the same directory. */
  readonly emlFile: string;
}

/**
 * The summaries of every message stored in `dir`, oldest first. A missing directory is an empty
 * mailbox. Files are written to a temporary name and renamed, so no half-written file is read.
 */
export async function readMailbox(dir: string): Promise<MailSummary[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const summaries: MailSummary[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    try {
      summaries.push(JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as MailSummary);
    } catch (error) {
      // Deleted between readdir and readFile (a test cleaning up): skip it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return summaries;
}

/** Waits until a message matching `predicate` is in `dir`; resolves with it. */
export function waitForMail(
  dir: string,
  predicate: (mail: MailSummary) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<MailSummary> {
  return waitFor(async () => (await readMailbox(dir)).find(predicate), {
    timeoutMs,
    intervalMs: 100,
    description: `a matching message in mailbox ${dir}`,
  });
}
