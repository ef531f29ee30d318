import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { INFOBIP_SEND_SMS_PATH, infobipAuthorization } from '../send-sms.request';
import { isRecord } from '../json-value';
import { smsKeyword } from '../opt-out-keyword';
import type { SmsError, SmsStatus } from '../sms-status';
import type { SmsClock } from '../sms-sender';
import { basicAuthorization, type WebhookCredentials } from '../webhook-authorization';

/**
 * The local stand-in for Infobip's SMS API (infra/sms/README.md): answers `POST /sms/3/messages` the way
 * the provider documents it, keeps every message it takes as a JSON file in `outboxDir`, lists them on
 * `GET /messages`, and posts a delivery report to the message's `webhooks.delivery.url`. Like Infobip
 * with idempotency enabled, a messageId it already has is not sent again: the first answer comes back.
 * The numbers that fail on purpose are options, so tests can exercise permanent and transient failures.
 */
export interface SmsCatcherOptions {
  outboxDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The API key a request must carry as `Authorization: App <apiKey>`. */
  apiKey: string;
  /** E.164 prefixes that are always rejected as invalid (REJECTED_DESTINATION). Default `+1555000`. */
  permanentFailurePrefixes?: readonly string[];
  /** E.164 prefixes that are on the blocklist from the start (REJECTED_DESTINATION_BLOCKLISTED). Default `+1555002`. */
  blocklistedPrefixes?: readonly string[];
  /** E.164 numbers whose first request answers 500 (the documented E500 body) and later ones succeed. Default `+15550019999`. */
  transientOnceNumbers?: readonly string[];
  /** E.164 numbers whose first request answers 429 (E429, Retry-After: 1) and later ones succeed. Default `+15550019998`. */
  rateLimitedOnceNumbers?: readonly string[];
  /** Post delivery reports to the message's delivery URL (default true). */
  deliveryReports?: boolean;
  /** Where a simulated client reply (`POST /inbound`) is posted in Infobip's MO_JSON_2 shape; without it the reply only blocks or unblocks. */
  inboundWebhookUrl?: string;
  /** Basic credentials put on every webhook the stand-in posts (the notification profile's BASIC security). */
  webhookCredentials?: WebhookCredentials;
  clock?: SmsClock;
  log?: (line: string) => void;
}

export interface CaughtSms {
  messageId: string;
  bulkId: string;
  sender: string;
  /** E.164. */
  to: string;
  text: string;
  status: SmsStatus;
  deliveryReportUrl?: string;
  callbackData?: string;
  receivedAt: string;
  file: string;
}

export interface SmsCatcher {
  host: string;
  port: number;
  /** Base URL for SMS_API_URL. */
  url: string;
  messages(): CaughtSms[];
  /** Resolves when every webhook the stand-in started posting has been answered (or failed). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_PERMANENT_FAILURE_PREFIXES = ['+1555000'] as const;
export const DEFAULT_BLOCKLISTED_PREFIXES = ['+1555002'] as const;
export const DEFAULT_TRANSIENT_ONCE_NUMBERS = ['+15550019999'] as const;
export const DEFAULT_RATE_LIMITED_ONCE_NUMBERS = ['+15550019998'] as const;

// Status objects as Infobip's OpenAPI examples and status table give them.
const PENDING_ACCEPTED: SmsStatus = { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' };
const REJECTED_DESTINATION: SmsStatus = {
  groupId: 5,
  groupName: 'REJECTED',
  id: 52,
  name: 'REJECTED_DESTINATION',
  description: 'The destination is invalid: the number prefix does not match a valid number prefix by any mobile operator.',
};
const REJECTED_DESTINATION_BLOCKLISTED: SmsStatus = {
  groupId: 5,
  groupName: 'REJECTED',
  id: 14,
  name: 'REJECTED_DESTINATION_BLOCKLISTED',
  description: 'The destination address has been blocklisted.',
};
const DELIVERED_TO_HANDSET: SmsStatus = { groupId: 3, groupName: 'DELIVERED', id: 5, name: 'DELIVERED_TO_HANDSET', description: 'Message delivered to handset' };
const NO_ERROR: SmsError = { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false };

const MAX_BODY_BYTES = 1_000_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** Infobip's API error format (`ApiError` in its OpenAPI document). */
function apiError(
  status: number,
  description: string,
  action: string,
  violations: Array<{ property: string; violation: string }> = [],
  resources: Array<{ name: string; url: string }> = [],
  headers: Record<string, string> = {},
): HttpError {
  return new HttpError(status, { errorCode: `E${status}`, description, action, violations, resources }, headers);
}

// The documented answers of POST /sms/3/messages (ApiError401, ApiError429, ApiError500 examples).
const UNAUTHORIZED = (): HttpError =>
  apiError(401, 'The request lacks valid authentication credentials for the requested resource.', 'Check the resources and adjust authentication credentials.', [], [
    { name: 'API Authentication', url: 'https://www.infobip.com/docs/essentials/api-authentication' },
  ]);
const TOO_MANY_REQUESTS = (): HttpError =>
  apiError(
    429,
    'Too many requests sent.',
    'Check request rate limit specified in the API endpoint documentation resource.',
    [],
    [{ name: 'Throttling handling errors', url: 'https://www.infobip.com/docs/essentials/integration-best-practices#throttling-handling-errors' }],
    { 'Retry-After': '1' },
  );
const SOMETHING_WENT_WRONG = (): HttpError => apiError(500, 'Something went wrong.', 'Contact the support.');

export async function startSmsCatcher(options: SmsCatcherOptions): Promise<SmsCatcher> {
  const clock = options.clock ?? { now: () => new Date() };
  const log = options.log ?? (() => undefined);
  const permanentPrefixes = options.permanentFailurePrefixes ?? DEFAULT_PERMANENT_FAILURE_PREFIXES;
  const blocklistedPrefixes = options.blocklistedPrefixes ?? DEFAULT_BLOCKLISTED_PREFIXES;
  const transientOnce = new Set(options.transientOnceNumbers ?? DEFAULT_TRANSIENT_ONCE_NUMBERS);
  const rateLimitedOnce = new Set(options.rateLimitedOnceNumbers ?? DEFAULT_RATE_LIMITED_ONCE_NUMBERS);
  const failedOnce = new Set<string>();
  // Numbers that replied STOP through POST /inbound (and not START since), as Infobip's Blocklist does
  // for an MO keyword with the blocking action. Kept in memory only.
  const blocklist = new Set<string>();
  let sequence = 0; // keeps file names apart (and in order) within one millisecond
  const pending = new Set<Promise<void>>();
  await fs.mkdir(options.outboxDir, { recursive: true });
  // The outbox is the idempotency store: a restarted stand-in still knows every messageId it took.
  const byMessageId = new Map<string, CaughtSms>();
  for (const message of await readOutbox(options.outboxDir)) byMessageId.set(message.messageId, message);

  function track(work: Promise<void>): void {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  }

  async function postWebhook(url: string, body: unknown, what: string): Promise<number | undefined> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(options.webhookCredentials ? { Authorization: basicAuthorization(options.webhookCredentials) } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      log(`${what} → ${url}: HTTP ${response.status}`);
      return response.status;
    } catch (error: unknown) {
      log(`${what} → ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  function deliveryReport(message: CaughtSms): unknown {
    const delivered = message.status.groupName === 'PENDING';
    return {
      results: [
        {
          bulkId: message.bulkId,
          messageId: message.messageId,
          to: message.to.slice(1),
          sender: message.sender,
          sentAt: message.receivedAt,
          doneAt: clock.now().toISOString(),
          messageCount: 1,
          status: delivered ? DELIVERED_TO_HANDSET : message.status,
          // A rejection by the platform names its reason in the status; the operator returned no error code.
          error: NO_ERROR,
          ...(message.callbackData !== undefined ? { callbackData: message.callbackData } : {}),
        },
      ],
    };
  }

  async function send(request: http.IncomingMessage, body: unknown): Promise<unknown> {
    if (request.headers.authorization !== infobipAuthorization(options.apiKey)) throw UNAUTHORIZED();
    const parsed = validateSendBody(body);
    const bulkId = randomUUID();
    // Fail-once numbers fail the whole request before anything is taken, as a 500 or 429 from the API would.
    for (const { to, messageId } of parsed.flatMap((m) => m.destinations)) {
      const number = `+${to}`;
      if (failedOnce.has(number) || byMessageId.has(messageId ?? '')) continue;
      if (transientOnce.has(number)) {
        failedOnce.add(number);
        throw SOMETHING_WENT_WRONG();
      }
      if (rateLimitedOnce.has(number)) {
        failedOnce.add(number);
        throw TOO_MANY_REQUESTS();
      }
    }
    const answers: unknown[] = [];
    const fresh: CaughtSms[] = [];
    for (const message of parsed) {
      for (const destination of message.destinations) {
        const messageId = destination.messageId ?? randomUUID();
        const to = `+${destination.to}`;
        const known = byMessageId.get(messageId);
        if (known) {
          log(`messageId ${messageId} already taken: answering as the first time, sending nothing`);
          answers.push({ messageId, status: known.status, destination: known.to.slice(1), details: { messageCount: 1 } });
          continue;
        }
        const status = permanentPrefixes.some((prefix) => to.startsWith(prefix))
          ? REJECTED_DESTINATION
          : blocklist.has(to) || blocklistedPrefixes.some((prefix) => to.startsWith(prefix))
            ? REJECTED_DESTINATION_BLOCKLISTED
            : PENDING_ACCEPTED;
        const receivedAt = clock.now().toISOString();
        const caught: CaughtSms = {
          messageId,
          bulkId,
          sender: message.sender,
          to,
          text: message.text,
          status,
          receivedAt,
          file: `${clock.now().getTime()}-${String(++sequence).padStart(6, '0')}-${safeFileName(messageId)}.json`,
          ...(message.deliveryUrl !== undefined ? { deliveryReportUrl: message.deliveryUrl } : {}),
          ...(message.callbackData !== undefined ? { callbackData: message.callbackData } : {}),
        };
        // Claimed before any await, so two concurrent requests with one messageId store one message.
        byMessageId.set(messageId, caught);
        fresh.push(caught);
        answers.push({ messageId, status, destination: destination.to, details: { messageCount: 1 } });
      }
    }
    for (const caught of fresh) {
      await writeAtomically(path.join(options.outboxDir, caught.file), JSON.stringify(caught, null, 2));
      log(`took ${caught.messageId} to ${caught.to} (${caught.status.name})`);
      if ((options.deliveryReports ?? true) && caught.deliveryReportUrl) {
        const url = caught.deliveryReportUrl;
        track(postWebhook(url, deliveryReport(caught), `delivery report ${caught.messageId}`).then(() => undefined));
      }
    }
    return { bulkId, messages: answers };
  }

  async function inbound(body: unknown): Promise<unknown> {
    if (!isRecord(body) || typeof body['from'] !== 'string' || typeof body['text'] !== 'string' || !/^\+[1-9]\d{1,14}$/.test(body['from'])) {
      throw apiError(400, 'Bad request', 'Send {"from": "+E164", "text": "…", "to"?: "…"}');
    }
    const text = body['text'];
    const words = text.trim().split(/\s+/);
    const from = body['from'];
    const keyword = smsKeyword(text);
    if (keyword === 'opt-out') blocklist.add(from);
    if (keyword === 'opt-in') blocklist.delete(from);
    const mo = {
      results: [
        {
          messageId: randomUUID(),
          from: from.slice(1),
          to: typeof body['to'] === 'string' ? body['to'] : '',
          text,
          cleanText: words.slice(1).join(' '),
          keyword: (words[0] ?? '').toUpperCase(),
          receivedAt: clock.now().toISOString(),
          smsCount: 1,
        },
      ],
      messageCount: 1,
      pendingMessageCount: 0,
    };
    const status = options.inboundWebhookUrl ? await postWebhook(options.inboundWebhookUrl, mo, `inbound SMS from ${from}`) : undefined;
    return { posted: mo, webhookStatus: status ?? null };
  }

  const server = http.createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (request.method === 'POST' && url.pathname === INFOBIP_SEND_SMS_PATH) return reply(response, 200, await send(request, await readJson(request)));
      if (request.method === 'POST' && url.pathname === '/inbound') return reply(response, 202, await inbound(await readJson(request)));
      if (request.method === 'GET' && url.pathname === '/messages') return reply(response, 200, sorted());
      if (request.method === 'GET' && url.pathname === '/') {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(listingHtml([...sorted()].reverse()));
        return;
      }
      throw apiError(404, 'Not found', 'This stand-in implements POST /sms/3/messages, POST /inbound, GET /messages and GET /.');
    } catch (error: unknown) {
      if (error instanceof HttpError) return reply(response, error.status, error.body, error.headers);
      log(`error: ${error instanceof Error ? error.stack : String(error)}`);
      const failure = SOMETHING_WENT_WRONG();
      return reply(response, failure.status, failure.body);
    }
  }

  function sorted(): CaughtSms[] {
    return [...byMessageId.values()].sort((a, b) => a.file.localeCompare(b.file));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    host,
    port: address.port,
    url: `http://${host}:${address.port}`,
    messages: sorted,
    settled: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close: async () => {
      await Promise.allSettled([...pending]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface ParsedMessage {
  sender: string;
  text: string;
  destinations: Array<{ to: string; messageId?: string }>;
  deliveryUrl?: string;
  callbackData?: string;
}

/** The parts of the v3 request body the stand-in checks; a violation answers 400 like the API does. */
function validateSendBody(body: unknown): ParsedMessage[] {
  const violations: Array<{ property: string; violation: string }> = [];
  const messages = isRecord(body) && Array.isArray(body['messages']) ? body['messages'] : undefined;
  if (!messages || messages.length === 0) violations.push({ property: 'messages', violation: 'must not be empty' });
  const parsed: ParsedMessage[] = [];
  (messages ?? []).forEach((message: unknown, i) => {
    const at = `messages[${i}]`;
    if (!isRecord(message)) return void violations.push({ property: at, violation: 'must be an object' });
    const sender = message['sender'];
    const content = message['content'];
    const text = isRecord(content) ? content['text'] : undefined;
    if (typeof sender !== 'string' || sender === '') violations.push({ property: `${at}.sender`, violation: 'must not be blank' });
    if (typeof text !== 'string' || text === '') violations.push({ property: `${at}.content.text`, violation: 'must not be blank' });
    const destinations = Array.isArray(message['destinations']) ? message['destinations'] : [];
    if (destinations.length === 0) violations.push({ property: `${at}.destinations`, violation: 'must not be empty' });
    const parsedDestinations: ParsedMessage['destinations'] = [];
    destinations.forEach((destination: unknown, j) => {
      const to = isRecord(destination) ? destination['to'] : undefined;
      const messageId = isRecord(destination) ? destination['messageId'] : undefined;
      if (typeof to !== 'string' || !/^[1-9]\d{1,14}$/.test(to.replace(/^\+/, ''))) {
        violations.push({ property: `${at}.destinations[${j}].to`, violation: 'invalid destination address' });
        return;
      }
      if (messageId !== undefined && (typeof messageId !== 'string' || messageId === '')) {
        violations.push({ property: `${at}.destinations[${j}].messageId`, violation: 'must be a non-empty string' });
        return;
      }
      parsedDestinations.push({ to: to.replace(/^\+/, ''), ...(typeof messageId === 'string' ? { messageId } : {}) });
    });
    const webhooks = message['webhooks'];
    const delivery = isRecord(webhooks) ? webhooks['delivery'] : undefined;
    const deliveryUrl = isRecord(delivery) && typeof delivery['url'] === 'string' ? delivery['url'] : undefined;
    const callbackData = isRecord(webhooks) && typeof webhooks['callbackData'] === 'string' ? webhooks['callbackData'] : undefined;
    if (typeof sender === 'string' && typeof text === 'string') {
      parsed.push({ sender, text, destinations: parsedDestinations, ...(deliveryUrl ? { deliveryUrl } : {}), ...(callbackData !== undefined ? { callbackData } : {}) });
    }
  });
  if (violations.length > 0) throw apiError(400, 'Request cannot be processed.', 'Check the syntax, violations and adjust the request.', violations);
  return parsed;
}

async function readJson(request: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw apiError(413, 'Request too large', 'Send less.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw apiError(400, 'Request cannot be processed.', 'Send a JSON body.');
  }
}

function reply(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function safeFileName(messageId: string): string {
  return messageId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
}

/** Written to a dot-file and renamed, so a reader never sees half a message. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  await fs.writeFile(temporary, content);
  await fs.rename(temporary, file);
}

/** The messages stored in an outbox folder, oldest first (tests and the stand-in's restart read it). */
export async function readOutbox(outboxDir: string): Promise<CaughtSms[]> {
  let names: string[];
  try {
    names = await fs.readdir(outboxDir);
  } catch {
    return [];
  }
  const files = names.filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort();
  return Promise.all(files.map(async (name) => JSON.parse(await fs.readFile(path.join(outboxDir, name), 'utf8')) as CaughtSms));
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function listingHtml(messages: CaughtSms[]): string {
  const rows = messages
    .map((m) => `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.sender)}</td><td>${escapeHtml(m.status.name)}</td><td>${escapeHtml(m.text)}</td><td><code>${escapeHtml(m.messageId)}</code></td></tr>`)
    .join('\n');
  return `<!doctype html><meta charset="utf-8"><title>SMS outbox</title><h1>SMS outbox (${messages.length})</h1>
<table border="1" cellpadding="4"><tr><th>received</th><th>to</th><th>from</th><th>status</th><th>text</th><th>messageId</th></tr>
${rows}</table>`;
}
