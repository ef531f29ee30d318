import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isPortReachable, smtpFromEnv, type Env, type SmtpServerAddress } from './environment';
import { startMailCatcher } from './mail-catcher';
import { readMailbox, type MailSummary } from './mailbox';

export interface TestSmtp extends SmtpServerAddress {
  /** Where the server stores what it receives: read it with `readMailbox`/`waitForMail`. */
  readonly mailboxDir: string;
  readonly source: 'env' | 'in-process';
  /** Everything in the mailbox so far, oldest first (`readMailbox(mailboxDir)`). */
  messages(): Promise<MailSummary[]>;
  /** Stops the in-process catcher and removes its temporary mailbox (nothing for `env`). */
  close(): Promise<void>;
}

/**
 * The SMTP server a test sends to: `SMTP_HOST`/`SMTP_PORT` with `MAILBOX_DIR` (infra/smtp, started
 * by `npm run up`), checked to answer; otherwise a mail catcher started in this process on a free
 * port with a temporary mailbox directory.
 */
export async function testSmtp(options: { env?: Env } = {}): Promise<TestSmtp> {
  const fromEnv = smtpFromEnv(options.env ?? process.env);
  if (fromEnv) {
    if (!(await isPortReachable(fromEnv.host, fromEnv.port))) {
      throw new Error(
        `SMTP is not reachable at ${fromEnv.host}:${fromEnv.port} (SMTP_HOST/SMTP_PORT): run \`npm run up\` / \`bash infra/smtp/start.sh\`, or unset SMTP_HOST to use an in-process mail catcher`,
      );
    }
    return {
      ...fromEnv,
      source: 'env',
      messages: () => readMailbox(fromEnv.mailboxDir),
      close: async () => undefined,
    };
  }
  const mailboxDir = await mkdtemp(path.join(tmpdir(), 'massage-mailbox-'));
  const catcher = await startMailCatcher({ mailboxDir, port: 0 });
  return {
    host: catcher.host,
    port: catcher.port,
    mailboxDir,
    source: 'in-process',
    messages: () => readMailbox(mailboxDir),
    close: async () => {
      await catcher.close();
      await rm(mailboxDir, { recursive: true, force: true });
    },
  };
}
