import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { readMailbox, type MailSummary } from './mailbox';

export interface MailCatcherOptions {
  /** Where messages are stored (created if missing). */
  readonly mailboxDir: string;
  /** SMTP port; 0 picks a free one (default 0). */
  readonly port?: number;
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Port of the read-only HTTP listing; `false` for none (default false; 0 picks a free one). */
  readonly webPort?: number | false;
  /** When both are set, AUTH PLAIN/LOGIN with these credentials is accepted (others refused). */
  readonly user?: string;
  readonly pass?: string;
  /** Refuse mail from clients that did not authenticate (needs `user`/`pass`). */
  readonly requireAuth?: boolean;
  /** Largest accepted message in bytes (default 25 MiB). */
  readonly maxSizeBytes?: number;
  /** One line per stored message or error (default: silent). */
  readonly log?: (line: string) => void;
}

export interface MailCatcher {
  readonly host: string;
  /** The SMTP port actually bound. */
  readonly port: number;
  /** The HTTP listing port actually bound, if any. */
  readonly webPort: number | undefined;
  readonly mailboxDir: string;
  close(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((object) => object.value.map((entry) => entry.address ?? '').filter((a) => a.length > 0));
}

function envelopeAddress(address: SMTPServerAddress | false): string | null {
  return address ? address.address : null;
}

async function writeAtomically(file: string, content: string | Buffer): Promise<void> {
  // Same directory, dot-prefixed: readers skip it, and rename within a directory is atomic.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await fs.writeFile(temp, content);
  await fs.rename(temp, file);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderHtml(mails: MailSummary[]): string {
  const rows = mails
    .slice()
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.from ?? '')}</td><td>${escapeHtml(m.to.join(', '))}</td>` +
        `<td>${escapeHtml(m.subject ?? '')}</td><td><a href="/messages/${encodeURIComponent(m.id)}.eml">raw</a></td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Mailbox</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>
</head><body><h1>Mailbox (${mails.length})</h1>
<p>JSON: <a href="/messages">/messages</a></p>
<table><thead><tr><th>received</th><th>from</th><th>to</th><th>subject</th><th></th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}

function listen(server: http.Server | SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const net = server instanceof SMTPServer ? server.server : server;
    const onError = (error: Error): void => reject(error);
    net.once('error', onError);
    net.listen(port, host, () => {
      net.off('error', onError);
      resolve((net.address() as AddressInfo).port);
    });
  });
}

function createWebServer(mailboxDir: string): http.Server {
  return http.createServer((request, response) => {
    void (async () => {
      try {
        const url = new URL(request.url ?? '/', 'http://localhost');
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          response.writeHead(405, { allow: 'GET' }).end();
        } else if (url.pathname === '/messages') {
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await readMailbox(mailboxDir)));
        } else if (url.pathname === '/') {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderHtml(await readMailbox(mailboxDir)));
        } else if (/^\/messages\/[\w.-]+\.eml$/.test(url.pathname)) {
          const file = path.join(mailboxDir, path.basename(decodeURIComponent(url.pathname)));
          response.writeHead(200, { 'content-type': 'message/rfc822' }).end(await fs.readFile(file));
        } else {
          response.writeHead(404).end('not found');
        }
      } catch (error) {
        const notFound = (error as NodeJS.ErrnoException).code === 'ENOENT';
        response.writeHead(notFound ? 404 : 500).end(notFound ? 'not found' : String(error));
      }
    })();
  });
}

/**
 * A real SMTP server that stores every message it accepts as `<mailboxDir>/<timestamp>-<id>.eml`
 * plus a `.json` summary (see `MailSummary`), for local runs (infra/smtp) and in-process in tests.
 * Plain connections only (no STARTTLS), AUTH PLAIN/LOGIN allowed without TLS.
 */
export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const mailboxDir = path.resolve(options.mailboxDir);
  const log = options.log ?? (() => undefined);
  const credentials = options.user !== undefined && options.pass !== undefined ? { user: options.user, pass: options.pass } : undefined;
  if (options.requireAuth && !credentials) throw new Error('requireAuth needs user and pass');
  await fs.mkdir(mailboxDir, { recursive: true });

  const smtp = new SMTPServer({
    name: 'massage-mail-catcher',
    banner: 'massage local mail catcher',
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: !options.requireAuth,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    size: options.maxSizeBytes ?? 25 * 1024 * 1024,
    logger: false,
    closeTimeout: 2_000,
    onAuth(auth, _session, callback) {
      // Without configured credentials any login is accepted: a client configured with
      // SMTP_USER/SMTP_PASS still works against a catcher started without them.
      if (!credentials || (auth.username === credentials.user && auth.password === credentials.pass)) {
        callback(null, { user: auth.username ?? 'anonymous' });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('error', (error) => callback(error));
      stream.once('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const receivedAt = new Date();
        const id = `${receivedAt.getTime()}-${randomBytes(6).toString('hex')}`;
        void (async () => {
          const parsed = await simpleParser(raw);
          const envelopeTo = session.envelope.rcptTo.map((rcpt) => rcpt.address);
          const headerTo = addresses(parsed.to);
          const summary: MailSummary = {
            id,
            messageId: parsed.messageId ?? null,
            from: addresses(parsed.from)[0] ?? envelopeAddress(session.envelope.mailFrom),
            to: headerTo.length > 0 ? headerTo : envelopeTo,
            subject: parsed.subject ?? null,
            text: parsed.text ?? null,
            html: typeof parsed.html === 'string' ? parsed.html : null,
            envelope: { from: envelopeAddress(session.envelope.mailFrom), to: envelopeTo },
            authUser: typeof session.user === 'string' ? session.user : null,
            receivedAt: receivedAt.toISOString(),
            emlFile: `${id}.eml`,
          };
          // The .eml first: whoever sees the .json can rely on the raw message being there.
          await writeAtomically(path.join(mailboxDir, `${id}.eml`), raw);
          await writeAtomically(path.join(mailboxDir, `${id}.json`), `${JSON.stringify(summary, null, 2)}\n`);
          log(`stored ${id} from=${summary.from ?? '-'} to=${summary.to.join(',')} subject=${JSON.stringify(summary.subject)}`);
          return id;
        })().then(
          (stored) => callback(null, `Stored as ${stored}`),
          (error: unknown) => {
            log(`failed to store a message: ${String(error)}`);
            callback(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
  });
  smtp.on('error', (error) => log(`smtp error: ${error.message}`));

  const port = await listen(smtp, options.port ?? 0, host);
  let web: http.Server | undefined;
  let webPort: number | undefined;
  if (options.webPort !== undefined && options.webPort !== false) {
    web = createWebServer(mailboxDir);
    try {
      webPort = await listen(web, options.webPort, host);
    } catch (error) {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      throw error;
    }
  }

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    webPort,
    mailboxDir,
    close: () => {
      closing ??= Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => {
          if (!web) return resolve();
          web.closeAllConnections();
          web.close(() => resolve());
        }),
      ]).then(() => undefined);
      return closing;
    },
  };
}
