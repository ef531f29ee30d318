import { runMigrations } from '@massage/platform-database';
import { createTestDatabase, startMailCatcher, type MailCatcher, type TestDatabase } from '@massage/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { notificationDataSourceOptions } from '../notification.database';
import { startRefusingSmtpServer, type RefusingSmtpServer } from './refusing-smtp-server';

/** What a notification integration spec runs against: its own database, and SMTP as the service sees it. */
export interface NotificationTestEnv {
  db: TestDatabase;
  /** The mail catcher's mailbox (read with `readMailbox` / `waitForMail`). */
  mailboxDir: string;
  catcher: MailCatcher;
  /** The server the service talks to: refuses what a test asks, relays the rest to the catcher. */
  smtp: RefusingSmtpServer;
  /** Stops both SMTP servers, removes the mailbox and drops the database. */
  close(): Promise<void>;
}

/**
 * A fresh notification database, migrated, named in `DB_NAME`; the gateway's public keys in
 * `AUTH_ASSERTION_PUBLIC_KEYS`; a refusing SMTP server in front of a mail catcher, named in `SMTP_HOST`/`SMTP_PORT`.
 * Set before the Nest module is compiled, since its providers read them.
 */
export async function startNotificationTestEnv(prefix: string, assertionPublicKeysJson: string): Promise<NotificationTestEnv> {
  process.env['PGHOST'] ||= '127.0.0.1';
  const db = await createTestDatabase(prefix);
  process.env['DB_NAME'] = db.name;
  process.env['AUTH_ASSERTION_PUBLIC_KEYS'] = assertionPublicKeysJson;
  await runMigrations(notificationDataSourceOptions(), () => undefined);

  const mailboxDir = await mkdtemp(path.join(tmpdir(), `${prefix}-mailbox-`));
  const catcher = await startMailCatcher({ mailboxDir, port: 0 });
  const smtp = await startRefusingSmtpServer({ relayTo: catcher });
  process.env['SMTP_HOST'] = smtp.host;
  process.env['SMTP_PORT'] = String(smtp.port);
  return {
    db,
    mailboxDir,
    catcher,
    smtp,
    close: async () => {
      await smtp.close();
      await catcher.close();
      await rm(mailboxDir, { recursive: true, force: true });
      await db.drop();
      delete process.env['DB_NAME'];
    },
  };
}
