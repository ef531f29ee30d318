import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** The SMTP step at which a rule refuses a message. */
export type RefusalStep = 'MAIL FROM' | 'RCPT TO' | 'DATA';

export interface RefusalRule {
  at: RefusalStep;
  /** SMTP reply code, e.g. 550 (permanent) or 451 (try again later). */
  code: number;
  /** Refuse this many times, then let the address through (default: always). */
  times?: number;
}

export interface Refusal {
  address: string;
  at: RefusalStep;
  code: number;
}

export interface ReceivedMail {
  from: string | null;
  to: string[];
  raw: Buffer;
}

export interface RefusingSmtpServer {
  readonly host: string;
  readonly port: number;
  /** Refuses mail from or to `address` as the rule says; the reply quotes the address, as real servers' do. */
  refuse(address: string, rule: RefusalRule): void;
  /** Every refusal so far, in order. */
  readonly refusals: readonly Refusal[];
  /** What was accepted (also when relayed). */
  readonly received: readonly ReceivedMail[];
  close(): Promise<void>;
}

export interface RefusingSmtpServerOptions {
  /** Forward what it accepts to this SMTP server (e.g. the mail catcher) before acknowledging it. */
  relayTo?: { host: string; port: number };
}

/**
 * A test SMTP server in front of (or instead of) the mail catcher that can refuse chosen addresses at
 * a chosen step with a chosen reply code, the way a real server refuses an unknown mailbox (550) or
 * defers (4xx). What it accepts it relays to `relayTo` (before answering 250), so the catcher's
 * mailbox stays the one place tests read delivered mail from.
 */
export async function startRefusingSmtpServer(options: RefusingSmtpServerOptions = {}): Promise<RefusingSmtpServer> {
  const rules = new Map<string, RefusalRule & { left: number }>();
  const refusals: Refusal[] = [];
  const received: ReceivedMail[] = [];
  const relay = options.relayTo
    ? createTransport({ host: options.relayTo.host, port: options.relayTo.port, secure: false, ignoreTLS: true })
    : undefined;

  /** The refusal for `address` at `step`, if a rule says so (and counts it). */
  function refusal(address: string, step: RefusalStep): Error | undefined {
    const rule = rules.get(address.toLowerCase());
    if (!rule || rule.at !== step || rule.left <= 0) return undefined;
    rule.left -= 1;
    refusals.push({ address, at: step, code: rule.code });
    const text = rule.code >= 500 ? 'mailbox unavailable' : 'try again later';
    return Object.assign(new Error(`<${address}>: ${text}`), { responseCode: rule.code });
  }

  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 2_000,
    onMailFrom(address, _session, callback) {
      callback(refusal(address.address, 'MAIL FROM') ?? null);
    },
    onRcptTo(address, _session, callback) {
      callback(refusal(address.address, 'RCPT TO') ?? null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('error', (error) => callback(error));
      stream.once('end', () => {
        const from = session.envelope.mailFrom ? (session.envelope.mailFrom as SMTPServerAddress).address : null;
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        for (const address of to) {
          const refused = refusal(address, 'DATA');
          if (refused) return callback(refused);
        }
        const mail: ReceivedMail = { from, to, raw: Buffer.concat(chunks) };
        if (!relay) {
          received.push(mail);
          return callback(null, 'queued');
        }
        relay.sendMail({ envelope: { from: from ?? '', to }, raw: mail.raw }).then(
          () => {
            received.push(mail);
            callback(null, 'relayed');
          },
          (error: unknown) => callback(Object.assign(new Error(`relay failed: ${String(error)}`), { responseCode: 451 })),
        );
      });
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.server.listen(0, '127.0.0.1', () => {
      smtp.server.off('error', reject);
      resolve((smtp.server.address() as AddressInfo).port);
    });
  });

  let closing: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    port,
    refuse(address, rule) {
      rules.set(address.toLowerCase(), { ...rule, left: rule.times ?? Number.POSITIVE_INFINITY });
    },
    refusals,
    received,
    close: () => {
      closing ??= new Promise<void>((resolve) => smtp.close(() => resolve())).then(() => relay?.close());
      return closing;
    },
  };
}
