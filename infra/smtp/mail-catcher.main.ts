/**
 * The local SMTP server (see README.md): stores what the services send under MAILBOX_DIR and lists
 * it on http://127.0.0.1:SMTP_WEB_PORT. Run by infra/smtp/start.sh through ts-node.
 */
import * as path from 'node:path';
import { startMailCatcher } from '@massage/testing';

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`${name} must be a port number`);
  return value;
}

async function main(): Promise<void> {
  const mailboxDir = path.resolve(process.env['MAILBOX_DIR'] ?? path.join(__dirname, '../../.data/mailbox'));
  const user = process.env['SMTP_USER'] || undefined;
  const pass = process.env['SMTP_PASS'];
  const requireAuth = /^(1|true|yes)$/i.test(process.env['SMTP_REQUIRE_AUTH'] ?? '');
  const log = (line: string): void => console.log(`${new Date().toISOString()} ${line}`);

  const catcher = await startMailCatcher({
    mailboxDir,
    host: process.env['SMTP_BIND'] ?? '127.0.0.1',
    port: port('SMTP_PORT', 2525),
    webPort: port('SMTP_WEB_PORT', 8025),
    ...(user !== undefined && pass !== undefined ? { user, pass } : {}),
    requireAuth: requireAuth && user !== undefined && pass !== undefined,
    log,
  });
  log(
    `mail catcher: smtp://${catcher.host}:${catcher.port} (auth ${user ? (requireAuth ? 'required' : 'optional') : 'not checked'}), ` +
      `http://${catcher.host}:${catcher.webPort}, mailbox ${mailboxDir}`,
  );

  const shutdown = (signal: string): void => {
    log(`${signal}: closing`);
    catcher.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
