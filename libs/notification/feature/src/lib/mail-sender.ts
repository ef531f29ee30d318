import { envInt, envString } from '@massage/platform';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

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
}

export interface SentMail {
  messageId: string;
  /** The SMTP server's final reply, e.g. `250 OK: queued`. */
  response: string;
}

/** Thrown when the SMTP server accepted the connection but refused the recipient. */
export class MailRejectedError extends Error {
  constructor(
    readonly messageId: string,
    readonly response: string,
  ) {
    super(`SMTP server refused ${messageId}: ${response}`);
    this.name = 'MailRejectedError';
  }
}

/** Sends e-mail through one SMTP server (nodemailer; one connection per message, plenty for welcomes). */
@Injectable()
export class MailSender implements OnModuleDestroy {
  private readonly logger = new Logger(MailSender.name);
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(@Inject(MAIL_SENDER_OPTIONS) private readonly options: MailSenderOptions) {
    const smtp: SMTPTransport.Options = {
      host: options.host,
      port: options.port,
      secure: false,
      ignoreTLS: !options.tls,
      requireTLS: options.tls,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      ...(options.user ? { auth: { user: options.user, pass: options.pass ?? '' } } : {}),
    };
    this.transport = createTransport(smtp);
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = await this.transport.sendMail({
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    });
    if (info.rejected.length > 0 || info.accepted.length === 0) throw new MailRejectedError(mail.messageId, info.response);
    this.logger.log(`sent ${info.messageId} (${info.response})`);
    return { messageId: info.messageId, response: info.response };
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
