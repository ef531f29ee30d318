import type { MailSummary } from '@massage/testing';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** The RFC 8058 headers of a message as the mail catcher stored it (its `.eml`), unfolded; undefined when absent. */
export async function oneClickHeadersOf(mailboxDir: string, mail: MailSummary): Promise<{ listUnsubscribe?: string; listUnsubscribePost?: string }> {
  const head = (await readFile(path.join(mailboxDir, mail.emlFile), 'utf8')).split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1]?.trim();
  return { listUnsubscribe: header('List-Unsubscribe'), listUnsubscribePost: header('List-Unsubscribe-Post') };
}
