/**
 * What the SMTP client reports about a send that failed: codes only. The server's reply text is
 * deliberately not part of it: servers quote the recipient address in it (`550 <ada@…>: mailbox
 * unavailable`), and it must not reach logs, the database or a DLQ header.
 */
export interface SmtpFailure {
  /** The SMTP reply code (e.g. 550, 421); absent when the server never answered (refused, timed out). */
  responseCode?: number | undefined;
  /** The SMTP step that got the reply, as the client names it: `RCPT TO`, `DATA`, `MAIL FROM`, `CONN`, `AUTH PLAIN`, … */
  command?: string | undefined;
  /** The client's error code (`EENVELOPE`, `EMESSAGE`, `ETIMEDOUT`, …) or a socket error (`ECONNREFUSED`). */
  code?: string | undefined;
}

/** Why a message was refused for good. Stored in `delivery.failure_reason`: codes, never server text. */
export const DELIVERY_FAILURE_REASONS = {
  /** The server refused the recipient (5xx to RCPT TO): unknown mailbox, disabled, bad address… */
  recipientRejected: 'recipient-rejected',
  /** The server refused the message itself (5xx to DATA or after the content): size, content policy… */
  messageRejected: 'message-rejected',
} as const;

export type DeliveryFailureReason = (typeof DELIVERY_FAILURE_REASONS)[keyof typeof DELIVERY_FAILURE_REASONS];

/** Sending this message again will not help: record the outcome and move on. */
export interface PermanentSmtpFailure {
  kind: 'permanent';
  reason: DeliveryFailureReason;
  /** The 5xx reply code. */
  responseCode: number;
}

/**
 * Not this message's fault (the server or the connection is unwell, or refuses us as a sender):
 * a later attempt may succeed. `description` is safe to log and to put in a DLQ header.
 */
export interface RetryableSmtpFailure {
  kind: 'retryable';
  description: string;
}

export type SmtpFailureClass = PermanentSmtpFailure | RetryableSmtpFailure;

/**
 * Decides whether a failed send is final for this message or worth retrying, from codes alone.
 *
 * - 5xx to `RCPT TO` → permanent, `recipient-rejected` (the recipient does not exist / will not take mail).
 * - 5xx to `DATA` (the command or the content) → permanent, `message-rejected`.
 * - 4xx anywhere, no reply at all (connection refused, timeouts, a dropped socket) → retryable.
 * - 5xx to anything else (greeting, `EHLO`, `AUTH`, `MAIL FROM`) → retryable too: the server refuses
 *   *us* (credentials, sender address, relay configuration), so every message would fail alike. Marking
 *   each welcome failed would lose them all for good; retrying and then dead-lettering keeps them
 *   replayable once the configuration is fixed.
 */
export function classifySmtpFailure(failure: SmtpFailure): SmtpFailureClass {
  const reply = replyCode(failure.responseCode);
  const command = safeCommand(failure.command);
  if (reply !== undefined && reply >= 500) {
    if (command === 'RCPT TO') return { kind: 'permanent', reason: DELIVERY_FAILURE_REASONS.recipientRejected, responseCode: reply };
    if (command === 'DATA') return { kind: 'permanent', reason: DELIVERY_FAILURE_REASONS.messageRejected, responseCode: reply };
    return { kind: 'retryable', description: `SMTP server refused the session (${where(reply, command)})` };
  }
  if (reply !== undefined) return { kind: 'retryable', description: `SMTP temporarily unavailable (${where(reply, command)})` };
  const code = safeCode(failure.code);
  if (code !== undefined && CONNECTION_ERROR_CODES.has(code)) {
    return { kind: 'retryable', description: `SMTP temporarily unavailable (${where(code, command)})` };
  }
  // Anything else the client refused without a reply (it should not happen for an address that
  // passed chooseChannel): retried, and dead-lettered if it persists, so it stays visible and replayable.
  return { kind: 'retryable', description: `SMTP send failed (${where(code ?? 'no error code', command)})` };
}

/** `recipient-rejected (SMTP 550)`: a permanent failure for logs and reports, without any address. */
export function describePermanentSmtpFailure(failure: PermanentSmtpFailure): string {
  return `${failure.reason} (SMTP ${failure.responseCode})`;
}

/** No reply from the server, because the connection failed: an outage, by definition worth retrying. */
const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

function where(what: string | number, command: string | undefined): string {
  return command ? `${what} at ${command}` : String(what);
}

/** A real SMTP reply code (RFC 5321: 2xx–5xx), or undefined. */
function replyCode(value: number | undefined): number | undefined {
  return Number.isInteger(value) && (value as number) >= 200 && (value as number) <= 599 ? value : undefined;
}

/** Client step names are fixed words (`RCPT TO`, `AUTH PLAIN`); anything else is dropped, not echoed. */
function safeCommand(value: string | undefined): string | undefined {
  return typeof value === 'string' && /^[A-Z][A-Z0-9]{1,11}( [A-Z0-9-]{1,16})?$/.test(value) ? value : undefined;
}

/** Error codes are upper-case identifiers (`EENVELOPE`, `ECONNREFUSED`); anything else is dropped. */
function safeCode(value: string | undefined): string | undefined {
  return typeof value === 'string' && /^E[A-Z0-9_]{1,30}$/.test(value) ? value : undefined;
}
