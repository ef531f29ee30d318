import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDeliveryReports } from '../delivery-report.webhook';
import { parseInboundSms } from '../inbound-sms.webhook';
import { parseE164 } from '../phone-number';
import { classifySendAnswer, isRecipientOptedOut } from '../send-sms.outcome';
import type { OutgoingSms } from '../send-sms.request';
import { smsMessageId } from '../sms-message-id';
import { SmsSender } from '../sms-sender';
import { isAuthorizedWebhook } from '../webhook-authorization';
import { readOutbox, type SmsCatcher, startSmsCatcher } from './sms-catcher';

// The adapter against the stand-in over real HTTP on 127.0.0.1 (free ports), no other infrastructure.
// A clock that moves a second on every reading, so no two stored messages could share a file name.
let instant = Date.parse('2026-12-01T10:00:00Z');
const clock = { now: () => new Date((instant += 1000)) };
const apiKey = 'test-api-key';
const hookCredentials = { user: 'hooks', password: 'hook-secret' };

interface Received {
  authorization: string | undefined;
  body: unknown;
}

/** A stand-in for notification's webhook endpoints: records what it is sent. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ authorization: request.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function sms(key: string, to: string, text = 'Your massage is booked for Tue 10:00.'): OutgoingSms {
  const number = parseE164(to);
  if (number === undefined) throw new Error(`not E.164: ${to}`);
  return { messageId: smsMessageId(key), to: number, text };
}

describe('SmsSender against the SMS stand-in', () => {
  let outboxDir: string;
  let catcher: SmsCatcher;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sender: SmsSender;

  beforeEach(async () => {
    outboxDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sms-outbox-'));
    receiver = await startReceiver();
    catcher = await startSmsCatcher({ outboxDir, apiKey, clock, webhookCredentials: hookCredentials, inboundWebhookUrl: receiver.url });
    sender = new SmsSender({ config: { apiUrl: catcher.url, apiKey, sender: 'MassageCo', deliveryReportUrl: receiver.url, timeoutMs: 5000 }, clock });
  });

  afterEach(async () => {
    await catcher.close();
    await receiver.close();
    await fs.rm(outboxDir, { recursive: true, force: true });
  });

  it('send → accepted, and the message is stored once with what was sent', async () => {
    const message = sms('evt-1:sms:booking-confirmation', '+41793026727');
    const outcome = await sender.send(message);

    expect(outcome).toMatchObject({ kind: 'accepted', providerMessageId: message.messageId, status: { groupName: 'PENDING', name: 'PENDING_ACCEPTED' } });
    const stored = await readOutbox(outboxDir);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ messageId: message.messageId, to: '+41793026727', sender: 'MassageCo', text: message.text, deliveryReportUrl: receiver.url });
    const listed = (await (await fetch(`${catcher.url}/messages`)).json()) as unknown[];
    expect(listed).toEqual(stored);
  });

  it('the same idempotency key twice → one stored message and the same provider id', async () => {
    const message = sms('evt-2:sms:booking-confirmation', '+41793026727');
    const first = await sender.send(message);
    const second = await sender.send({ ...message, text: 'a changed text must not go out as a second message' });

    expect(first).toMatchObject({ kind: 'accepted', providerMessageId: message.messageId });
    expect(second).toEqual(first);
    expect(await readOutbox(outboxDir)).toHaveLength(1);
    expect(catcher.messages()[0]?.text).toBe(message.text);
  });

  it('concurrent sends of one message (two replicas) store it once', async () => {
    const message = sms('evt-3:sms:reminder-24h', '+41793026727');
    const outcomes = await Promise.all([sender.send(message), sender.send(message), sender.send(message)]);

    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(await readOutbox(outboxDir)).toHaveLength(1);
  });

  it('a restarted stand-in still knows the messageIds it took', async () => {
    const message = sms('evt-4:sms:booking-confirmation', '+41793026727');
    await sender.send(message);
    await catcher.close();
    catcher = await startSmsCatcher({ outboxDir, apiKey, clock });
    const again = new SmsSender({ config: { apiUrl: catcher.url, apiKey, sender: 'MassageCo', timeoutMs: 5000 }, clock });

    expect(await again.send(message)).toMatchObject({ kind: 'accepted', providerMessageId: message.messageId });
    expect(await readOutbox(outboxDir)).toHaveLength(1);
  });

  it('a number of the permanent-failure range → permanent with the status code, not retried into success', async () => {
    const message = sms('evt-5:sms:booking-confirmation', '+15550001234');
    const outcome = await sender.send(message);

    expect(outcome).toMatchObject({ kind: 'permanent', reason: 'rejected', code: 'REJECTED_DESTINATION', httpStatus: 200 });
    expect(await sender.send(message)).toMatchObject({ kind: 'permanent', code: 'REJECTED_DESTINATION' });
    expect(await readOutbox(outboxDir)).toHaveLength(1);
  });

  it('the transient-once number → transient (500, the documented E500) first, accepted on the retry with the same id', async () => {
    const message = sms('evt-6:sms:booking-confirmation', '+15550019999');
    const first = await sender.send(message);
    expect(first).toEqual({ kind: 'transient', reason: 'server-error', httpStatus: 500, detail: 'Something went wrong.' });
    expect(await readOutbox(outboxDir)).toHaveLength(0);

    expect(await sender.send(message)).toMatchObject({ kind: 'accepted', providerMessageId: message.messageId });
    expect(await readOutbox(outboxDir)).toHaveLength(1);
  });

  it('the rate-limited-once number → transient 429 with Retry-After first, accepted on the retry', async () => {
    const message = sms('evt-6b:sms:booking-confirmation', '+15550019998');
    expect(await sender.send(message)).toMatchObject({ kind: 'transient', reason: 'rate-limited', httpStatus: 429, retryAfterMs: 1000 });
    expect(await sender.send(message)).toMatchObject({ kind: 'accepted', providerMessageId: message.messageId });
    expect(await readOutbox(outboxDir)).toHaveLength(1);
  });

  it('a number of the blocklisted range → permanent REJECTED_DESTINATION_BLOCKLISTED, recognised as an opt-out', async () => {
    const outcome = await sender.send(sms('evt-6c:sms:booking-confirmation', '+15550021234'));
    expect(outcome).toMatchObject({ kind: 'permanent', reason: 'rejected', code: 'REJECTED_DESTINATION_BLOCKLISTED' });
    expect(isRecipientOptedOut(outcome)).toBe(true);
  });

  it('wrong credentials → 401 with the API error body, classified as a permanent configuration error', async () => {
    const wrong = new SmsSender({ config: { apiUrl: catcher.url, apiKey: 'not-the-key', sender: 'MassageCo', timeoutMs: 5000 }, clock });
    const outcome = await wrong.send(sms('evt-7:sms:booking-confirmation', '+41793026727'));

    expect(outcome).toEqual({
      kind: 'permanent',
      reason: 'config',
      code: 'E401',
      httpStatus: 401,
      detail: 'The request lacks valid authentication credentials for the requested resource.',
    });
    expect(await readOutbox(outboxDir)).toHaveLength(0);
  });

  it('a malformed destination → 400 with the violation, classified as a permanent invalid request', async () => {
    const response = await fetch(`${catcher.url}/sms/3/messages`, {
      method: 'POST',
      headers: { Authorization: `App ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [{ sender: 'MassageCo', destinations: [{ to: '079 302 67 27', messageId: 'x' }], content: { text: 'hi' } }] }),
    });
    const body: unknown = await response.json();
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ errorCode: 'E400', violations: [{ property: 'messages[0].destinations[0].to', violation: 'invalid destination address' }] });
    expect(classifySendAnswer({ httpStatus: response.status, body }, clock.now())).toMatchObject({ kind: 'permanent', reason: 'invalid-request', code: 'E400' });
  });

  it('no server → transient network failure (the same id may be sent again)', async () => {
    const port = catcher.port;
    await catcher.close();
    const outcome = await sender.send(sms('evt-8:sms:booking-confirmation', '+41793026727'));
    expect(outcome).toMatchObject({ kind: 'transient', reason: 'network' });
    catcher = await startSmsCatcher({ outboxDir, apiKey, port, clock });
  });

  it('posts a delivery report with the Basic credentials, and it parses as delivered for our messageId', async () => {
    const message = sms('evt-9:sms:booking-confirmation', '+41793026727');
    await sender.send(message);
    await catcher.settled();

    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    expect(isAuthorizedWebhook(hook?.authorization, hookCredentials)).toBe(true);
    expect(isAuthorizedWebhook(hook?.authorization, { ...hookCredentials, password: 'other' })).toBe(false);
    expect(parseDeliveryReports(hook?.body)).toEqual([
      expect.objectContaining({ providerMessageId: message.messageId, to: '+41793026727', group: 'DELIVERED', final: true, failed: false }),
    ]);
  });

  it('a rejected number gets a failed final delivery report', async () => {
    await sender.send(sms('evt-10:sms:booking-confirmation', '+15550005555'));
    await catcher.settled();
    expect(parseDeliveryReports(receiver.received[0]?.body)).toEqual([expect.objectContaining({ group: 'REJECTED', final: true, failed: true })]);
  });

  it('a simulated STOP reply reaches the inbound webhook as an opt-out from that number', async () => {
    const response = await fetch(`${catcher.url}/inbound`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: '+41793026727', text: ' stop ' }) });
    expect(response.status).toBe(202);

    expect(receiver.received).toHaveLength(1);
    expect(isAuthorizedWebhook(receiver.received[0]?.authorization, hookCredentials)).toBe(true);
    expect(parseInboundSms(receiver.received[0]?.body)).toEqual([expect.objectContaining({ from: '+41793026727', keyword: 'opt-out' })]);
  });

  it('after a STOP reply the number is blocklisted, and START lifts it', async () => {
    const reply = (text: string) => fetch(`${catcher.url}/inbound`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: '+41791112233', text }) });
    expect(await sender.send(sms('evt-13:sms:booking-confirmation', '+41791112233'))).toMatchObject({ kind: 'accepted' });

    await reply('STOP');
    const blocked = await sender.send(sms('evt-13:sms:reminder-24h', '+41791112233'));
    expect(blocked).toMatchObject({ kind: 'permanent', code: 'REJECTED_DESTINATION_BLOCKLISTED' });
    expect(isRecipientOptedOut(blocked)).toBe(true);

    await reply('start');
    expect(await sender.send(sms('evt-13:sms:reminder-2h', '+41791112233'))).toMatchObject({ kind: 'accepted' });
  });
});

describe('SmsSender timeout', () => {
  it('a provider that does not answer in time → transient timeout', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const sender = new SmsSender({ config: { apiUrl: `http://127.0.0.1:${port}`, apiKey, sender: 'MassageCo', timeoutMs: 50 }, clock });
      expect(await sender.send(sms('evt-11:sms:booking-confirmation', '+41793026727'))).toMatchObject({ kind: 'transient', reason: 'timeout' });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
