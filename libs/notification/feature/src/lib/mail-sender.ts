import {
  classifySmtpFailure,
  describePermanentSmtpFailure,
  type PermanentSmtpFailure,
  type SmtpFailure,
} from '@massage/notification-domain';
import { envInt, envString } from '@massage/platform';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { getSystemErrorName } from 'node:util';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { ONE_CLICK_BODY } from './preferences/unsubscribe-link';
import { smtpSocketWithoutNagle } from './smtp-socket';

export interface MailSenderOptions {
  host: string;
  port: number;
  user?: string;
  pass?: string;
  from: string;
  /** STARTTLS required (SMTP_TLS=true); otherwise TLS is not attempted (local relay / mail catcher). */
  tls: boolean;
}

export const MAIL_SENDER_OPTIONS = Symbol('MAIL_SENDER_OPTIONS');

/**
 * How long one send waits for the server at each step (TCP connect, the greeting, any later reply).
 * Each sits well below the consumer's handler deadline (NOTIFICATION_HANDLER_TIMEOUT_MS): a stalled
 * mail server is then a failed attempt with its own reason (ETIMEDOUT, retried), not a handler past
 * its deadline.
 */
export const SMTP_TIMEOUTS_MS = { connection: 3_000, greeting: 3_000, socket: 5_000 } as const;

/** SMTP_HOST / SMTP_PORT / SMTP_USER / SMTP_PASS / SMTP_FROM / SMTP_TLS, defaults from docs/architecture.md. */
export function mailSenderOptionsFromEnv(): MailSenderOptions {
  const user = process.env['SMTP_USER'] || undefined;
  return {
    host: envString('SMTP_HOST', '127.0.0.1'),
    port: envInt('SMTP_PORT', 2525),
    ...(user ? { user, pass: process.env['SMTP_PASS'] ?? '' } : {}),
    from: envString('SMTP_FROM', 'care@massage.example'),
    tls: process.env['SMTP_TLS'] === 'true',
  };
}

export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** The Message-ID header, `<…@…>`. */
  messageId: string;
  /** The client's signed unsubscribe link, when the body carries one: also sent as RFC 8058 one-click headers. */
  unsubscribeUrl?: string;
}

/**
 * `List-Unsubscribe: <url>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): mail clients show
 * their own unsubscribe button, which POSTs that body to the link (`UnsubscribeController`); a GET only asks.
 */
export function unsubscribeHeaders(url: string): { list: { unsubscribe: string }; headers: Record<string, string> } {
  return { list: { unsubscribe: url }, headers: { 'List-Unsubscribe-Post': `${ONE_CLICK_BODY.name}=${ONE_CLICK_BODY.value}` } };
}

/** The SMTP server accepted the message. */
export interface MailSent {
  status: 'sent';
  messageId: string;
}

/**
 * The SMTP server refused this message for good (a 5xx to the recipient or the content): sending it
 * again will not help. Carries the reason and reply code only, never the server's text.
 */
export interface MailRejected {
  status: 'rejected';
  failure: PermanentSmtpFailure;
}

export type SendOutcome = MailSent | MailRejected;

/**
 * The message was not sent, and a later attempt may succeed (4xx, connection refused, timeouts, or
 * the server refusing us as a sender). Thrown so that the consumer transport retries the event. The
 * message (which ends up in logs and in the DLQ's `dlq_error`) names codes only: the server's reply
 * quotes the recipient address, so neither it nor the original error is kept.
 */
export class MailNotSentError extends Error {
  readonly responseCode: number | undefined;
  readonly code: string | undefined;
  readonly command: string | undefined;

  constructor(failure: SmtpFailure, description: string) {
    super(description);
    this.name = 'MailNotSentError';
    this.responseCode = failure.responseCode;
    this.code = failure.code;
    this.command = failure.command;
  }
}

/**
 * The codes of a nodemailer error (nodemailer 7, lib/smtp-connection `_formatError`): `responseCode`
 * (the SMTP reply code, when the server answered), `command` (`RCPT TO`, `DATA`, `MAIL FROM`, `CONN`,
 * `AUTH …`, `API`) and `code` (`EENVELOPE`, `EMESSAGE`, `EAUTH`, `ETIMEDOUT`, `ESOCKET`, …). A socket
 * error keeps its errno but nodemailer overwrites its code with `ESOCKET`; the system error name
 * (`ECONNREFUSED`) is recovered from the errno. `message` and `response` are ignored on purpose.
 */
export function smtpFailureOf(error: unknown): SmtpFailure {
  if (error === null || typeof error !== 'object') return {};
  const e = error as { responseCode?: unknown; command?: unknown; code?: unknown; errno?: unknown; syscall?: unknown };
  let code = typeof e.code === 'string' ? e.code : undefined;
  if (code === 'ESOCKET' && typeof e.errno === 'number' && typeof e.syscall === 'string') {
    try {
      code = getSystemErrorName(e.errno);
    } catch {
      // not a system errno: keep ESOCKET
    }
  }
  return {
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
    command: typeof e.command === 'string' ? e.command : undefined,
    code,
  };
}

/** Sends e-mail through one SMTP server (nodemailer, pooled connections). */
@Injectable()
export class MailSender implements OnModuleDestroy {
  private readonly logger = new Logger(MailSender.name);
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;

  constructor(@Inject(MAIL_SENDER_OPTIONS) private readonly options: MailSenderOptions) {
    // maxRequeues is nodemailer 7's, missing from its types.
    const smtp: SMTPPool.Options & { maxRequeues: number } = {
      // A connection per message (connect, greeting, EHLO, QUIT) and Nagle's algorithm cost ~150 ms a mail
      // here, against ~5 ms pooled without Nagle (docs/reliability.md, drain rate). At least the consumer's
      // concurrent partitions; a message whose connection closes is not resent by the pool: the consumer retries.
      pool: true,
      maxConnections: 5,
      maxRequeues: 0,
      getSocket: smtpSocketWithoutNagle(SMTP_TIMEOUTS_MS.connection),
      host: options.host,
      port: options.port,
      secure: false,
      ignoreTLS: !options.tls,
      requireTLS: options.tls,
      connectionTimeout: SMTP_TIMEOUTS_MS.connection,
      greetingTimeout: SMTP_TIMEOUTS_MS.greeting,
      socketTimeout: SMTP_TIMEOUTS_MS.socket,
      ...(options.user ? { auth: { user: options.user, pass: options.pass ?? '' } } : {}),
    };
    this.transport = createTransport(smtp);
  }

  /**
   * Sends one message. Resolves `sent`, or `rejected` when the server refused it for good; throws
   * `MailNotSentError` when a later attempt may succeed. Nothing here logs or throws the server's
   * reply text or the address: servers quote the recipient in their replies.
   */
  async send(mail: OutgoingMail): Promise<SendOutcome> {
    let info: SMTPPool.SentMessageInfo;
    try {
      info = await this.transport.sendMail({
        from: this.options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        ...(mail.unsubscribeUrl ? unsubscribeHeaders(mail.unsubscribeUrl) : {}),
      });
    } catch (error) {
      return this.outcomeOfFailure(mail.messageId, smtpFailureOf(error));
    }
    if (info.rejected.length > 0 || info.accepted.length === 0) {
      // Only possible with several recipients (one rejected recipient fails the whole send): judge by the first refusal.
      const refusal = (info as SMTPPool.SentMessageInfo & { rejectedErrors?: unknown[] }).rejectedErrors?.[0];
      return this.outcomeOfFailure(mail.messageId, refusal === undefined ? { command: 'RCPT TO' } : smtpFailureOf(refusal));
    }
    this.logger.log(`sent ${info.messageId}`);
    return { status: 'sent', messageId: info.messageId };
  }

  /** A permanent refusal is an outcome (`rejected`); anything else is thrown as `MailNotSentError`, for a retry. */
  private outcomeOfFailure(messageId: string, failure: SmtpFailure): MailRejected {
    const verdict = classifySmtpFailure(failure);
    if (verdict.kind === 'retryable') throw new MailNotSentError(failure, verdict.description);
    this.logger.warn(`${messageId} refused for good: ${describePermanentSmtpFailure(verdict)}`);
    return { status: 'rejected', failure: verdict };
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
