import { connect, type AddressInfo, type Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { SMTPServer } from 'smtp-server';

/** Recipients whose mail the front defers for good (451 at RCPT TO): a welcome whose handler always throws. */
export const ALWAYS_DEFERRED_PREFIX = 'poison-throws';
/** Recipients at whose RCPT TO the front never answers: a welcome whose handler hangs. */
export const NEVER_ANSWERED_PREFIX = 'poison-hangs';

type Resume = () => void;

/**
 * The SMTP server notification talks to in the suite: a small front that relays every message to the
 * catcher (answering 250 only once the catcher has stored it), and that the scenarios control:
 * `stall()` makes it accept connections and never answer (no greeting, no reply to a command in
 * flight) until `resume()`; two recipient prefixes make a handler always throw or hang.
 */
export class SmtpFront {
  private stalled = false;
  private held: Resume[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  constructor(private readonly catcher: { host: string; port: number }) {}

  async start(port: number): Promise<void> {
    // Pooled, Nagle off: a connection per message with Nagle on cost ~150 ms a mail, which bounded
    // notification's drain rate in earlier passes (docs/reliability.md); this way ~5 ms.
    const relayOptions: SMTPPool.Options & { maxRequeues: number } = {
      host: this.catcher.host,
      port: this.catcher.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 10,
      maxRequeues: 0,
      getSocket: (options, callback) => {
        const socket: Socket = connect({ host: options.host, port: options.port ?? this.catcher.port, noDelay: true });
        socket.once('connect', () => callback(null, { connection: socket }));
        socket.once('error', (error) => callback(error, undefined));
      },
    };
    const relay = createTransport(relayOptions);
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 2_000,
      onConnect: (_session, callback) => this.whenAnswering(() => callback()),
      onRcptTo: (address, _session, callback) => {
        const local = address.address.toLowerCase();
        if (local.startsWith(NEVER_ANSWERED_PREFIX)) return; // never answered: the client times out
        if (local.startsWith(ALWAYS_DEFERRED_PREFIX)) {
          const error = Object.assign(new Error('4.2.0 mailbox temporarily unavailable'), { responseCode: 451 });
          return this.whenAnswering(() => callback(error));
        }
        this.whenAnswering(() => callback());
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const to = session.envelope.rcptTo.map((r) => r.address);
          relay.sendMail({ envelope: { from, to }, raw: Buffer.concat(chunks) }).then(
            () => this.whenAnswering(() => callback()),
            () => this.whenAnswering(() => callback(Object.assign(new Error('4.3.0 relay failed'), { responseCode: 451 }))),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', () => resolve());
    });
    this.server.on('error', () => undefined); // a client that vanished mid-session is not the suite's failure
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** Accepts connections, never answers: no greeting, no reply to the command in hand. */
  stall(): void {
    this.stalled = true;
  }

  /** Answers again, including what was held during the stall. */
  resume(): void {
    this.stalled = false;
    const held = this.held;
    this.held = [];
    for (const answer of held) answer();
  }

  async close(): Promise<void> {
    this.resume();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private whenAnswering(answer: Resume): void {
    if (this.stalled) this.held.push(answer);
    else answer();
  }
}
