import { isRecord } from './json-value';
import { isFailedGroup, readStatus, type SmsStatus, statusGroup } from './sms-status';

/**
 * What one send attempt came to, decided from the HTTP answer alone (pure; the sender does the I/O).
 * - accepted: Infobip took the message (a PENDING status); the final outcome comes as a delivery report.
 * - transient: worth the same request again later, with the same messageId (5xx, 429, network, timeout).
 * - permanent: the same request will never succeed; record it and stop. `reason: 'config'` is our own
 *   setup (bad API key, missing permission), not the recipient: alert rather than blame the number.
 */
export type SmsSendOutcome =
  | { kind: 'accepted'; providerMessageId: string; status: SmsStatus }
  | {
      kind: 'transient';
      reason: 'server-error' | 'rate-limited' | 'network' | 'timeout';
      httpStatus?: number;
      retryAfterMs?: number;
      detail: string;
    }
  | { kind: 'permanent'; reason: 'rejected' | 'invalid-request' | 'config'; code: string; httpStatus: number; detail: string };

/**
 * Rejections that mean the recipient does not want our messages (Infobip status table): the number is on
 * the account's blocklist (REJECTED_DESTINATION_BLOCKLISTED, id 14: a STOP reply with a blocking keyword
 * puts it there) or subscribed to Do Not Disturb (REJECTED_DND, id 10). Record these as an opt-out, not
 * as a bad number.
 */
export const RECIPIENT_OPTED_OUT_CODES = ['REJECTED_DESTINATION_BLOCKLISTED', 'REJECTED_DND'] as const;

export function isRecipientOptedOut(outcome: SmsSendOutcome): boolean {
  return outcome.kind === 'permanent' && (RECIPIENT_OPTED_OUT_CODES as readonly string[]).includes(outcome.code);
}

export interface SendSmsAnswer {
  httpStatus: number;
  /** The Retry-After header as sent (seconds or an HTTP date), if any. */
  retryAfter?: string | null;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
}

/** Retry-After in milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null | undefined, now: Date): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * The error code of an Infobip error body: the API error format (`{errorCode, description, violations}`)
 * or the older `{requestError: {serviceException: {messageId, text}}}`.
 */
export function errorCodeOf(body: unknown): { code: string; text: string } | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body['errorCode'] === 'string') {
    return { code: body['errorCode'], text: typeof body['description'] === 'string' ? body['description'] : '' };
  }
  const requestError = body['requestError'];
  const exception = isRecord(requestError) ? (requestError['serviceException'] ?? requestError['policyException']) : undefined;
  if (isRecord(exception) && typeof exception['messageId'] === 'string') {
    return { code: exception['messageId'], text: typeof exception['text'] === 'string' ? exception['text'] : '' };
  }
  return undefined;
}

function firstMessage(body: unknown): { messageId: string; status: SmsStatus } | undefined {
  if (!isRecord(body) || !Array.isArray(body['messages'])) return undefined;
  const first: unknown = body['messages'][0];
  if (!isRecord(first) || typeof first['messageId'] !== 'string') return undefined;
  const status = readStatus(first['status']);
  return status ? { messageId: first['messageId'], status } : undefined;
}

export function classifySendAnswer(answer: SendSmsAnswer, now: Date): SmsSendOutcome {
  const { httpStatus, body } = answer;
  const error = errorCodeOf(body);
  const code = error?.code ?? `HTTP_${httpStatus}`;
  const detail = error?.text || `HTTP ${httpStatus}`;

  if (httpStatus >= 200 && httpStatus < 300) {
    const message = firstMessage(body);
    if (message === undefined) {
      // Accepted by HTTP but unreadable: the message may exist, so only a retry with the same id is safe.
      return { kind: 'transient', reason: 'server-error', httpStatus, detail: 'success answer without messages[0].messageId/status' };
    }
    if (isFailedGroup(statusGroup(message.status))) {
      return { kind: 'permanent', reason: 'rejected', code: message.status.name, httpStatus, detail: message.status.description ?? message.status.name };
    }
    return { kind: 'accepted', providerMessageId: message.messageId, status: message.status };
  }
  if (httpStatus === 429) {
    const wait = retryAfterMs(answer.retryAfter, now);
    return { kind: 'transient', reason: 'rate-limited', httpStatus, detail, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  if (httpStatus >= 500 || httpStatus === 408) {
    const wait = retryAfterMs(answer.retryAfter, now);
    return { kind: 'transient', reason: 'server-error', httpStatus, detail, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  if (httpStatus === 401 || httpStatus === 403) return { kind: 'permanent', reason: 'config', code, httpStatus, detail };
  // 400 and the other 4xx: this request is wrong (a malformed number, a text over the limit…).
  return { kind: 'permanent', reason: 'invalid-request', code, httpStatus, detail };
}
