/**
 * The local SMS provider stand-in (see README.md): implements Infobip's `POST /sms/3/messages`, stores what
 * the services send under SMS_OUTBOX_DIR and lists it on http://127.0.0.1:SMS_PORT/. Run by
 * infra/sms/start.sh through ts-node. The logic is `startSmsCatcher()` in @massage/notification-sms.
 */
import * as path from 'node:path';
import { startSmsCatcher } from '@massage/notification-sms';
import { logLine as log, portFromEnv as port, runStandIn } from '@massage/stand-ins';

function list(name: string): string[] | undefined {
  const value = process.env[name];
  return value === undefined ? undefined : value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

runStandIn(async () => {
  const outboxDir = path.resolve(process.env['SMS_OUTBOX_DIR'] ?? path.join(__dirname, '../../.data/sms-outbox'));
  const apiKey = process.env['SMS_AUTH_TOKEN'] || 'local-sms-key';
  const user = process.env['SMS_WEBHOOK_USER'] || undefined;
  const password = process.env['SMS_WEBHOOK_PASSWORD'];
  const permanentFailurePrefixes = list('SMS_PERMANENT_FAILURE_PREFIXES');
  const blocklistedPrefixes = list('SMS_BLOCKLISTED_PREFIXES');
  const transientOnceNumbers = list('SMS_TRANSIENT_ONCE_NUMBERS');
  const rateLimitedOnceNumbers = list('SMS_RATE_LIMITED_ONCE_NUMBERS');
  const inboundWebhookUrl = process.env['SMS_INBOUND_WEBHOOK_URL'] || undefined;

  const catcher = await startSmsCatcher({
    outboxDir,
    host: process.env['SMS_BIND'] ?? '127.0.0.1',
    port: port('SMS_PORT', 8026),
    apiKey,
    deliveryReports: !/^(0|false|no)$/i.test(process.env['SMS_DELIVERY_REPORTS'] ?? ''),
    ...(permanentFailurePrefixes ? { permanentFailurePrefixes } : {}),
    ...(blocklistedPrefixes ? { blocklistedPrefixes } : {}),
    ...(transientOnceNumbers ? { transientOnceNumbers } : {}),
    ...(rateLimitedOnceNumbers ? { rateLimitedOnceNumbers } : {}),
    ...(inboundWebhookUrl ? { inboundWebhookUrl } : {}),
    ...(user !== undefined && password !== undefined ? { webhookCredentials: { user, password } } : {}),
    log,
  });
  log(`SMS stand-in (Infobip SMS API v3): ${catcher.url}/sms/3/messages, listing ${catcher.url}/, outbox ${outboxDir}`);
  return catcher;
});
