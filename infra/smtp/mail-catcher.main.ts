/**
 * The local SMTP server (see README.md): stores what the services send under MAILBOX_DIR and lists
 * it on http://127.0.0.1:SMTP_WEB_PORT. Run by infra/smtp/start.sh through ts-node.
 */
import * as path from 'node:path';
import { startMailCatcher } from '@massage/testing';
import { logLine as log, portFromEnv as port, runStandIn } from '@massage/stand-ins';

runStandIn(async () => {
  const mailboxDir = path.resolve(process.env['MAILBOX_DIR'] ?? path.join(__dirname, '../../.data/mailbox'));
  const user = process.env['SMTP_USER'] || undefined;
  const pass = process.env['SMTP_PASS'];
  const requireAuth = /^(1|true|yes)$/i.test(process.env['SMTP_REQUIRE_AUTH'] ?? '');

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
  return catcher;
});
