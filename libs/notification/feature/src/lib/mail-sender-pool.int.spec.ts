import { ConsoleLogger, Logger } from '@nestjs/common';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { MailNotSentError, MailSender, type OutgoingMail } from './mail-sender';

/** MailSender's pooled transport against a real SMTP server (in-process): connections reused, a dropped one replaced. */
describe('MailSender pool (SMTP)', () => {
  let connections = 0;
  let received: string[] = [];
  /** Message-IDs whose DATA the server takes and then drops the connection without a reply. */
  const dropAfterData = new Set<string>();
  const sockets = new Set<Socket>();
  let server: SMTPServer;
  let sender: MailSender;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onConnect: (_session, callback) => {
        connections += 1;
        callback();
      },
      onData: (stream, _session, callback) => {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          const messageId = /^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? '';
          received.push(messageId);
          if (dropAfterData.has(messageId)) for (const socket of sockets) socket.destroy();
          else callback();
        });
      },
    });
    server.on('error', () => undefined);
    server.server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.server.address() as AddressInfo;
    sender = new MailSender({ host: '127.0.0.1', port, from: 'care@massage.example', tls: false });
  });

  afterAll(async () => {
    sender?.onModuleDestroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    Logger.overrideLogger(new ConsoleLogger({ logLevels: ['error', 'warn'] }));
  });

  beforeEach(() => {
    connections = 0;
    received = [];
  });

  const mail = (n: number): OutgoingMail => ({
    to: { name: 'Ada', address: 'ada@example.com' },
    subject: 'Welcome',
    text: 'Hello',
    html: '<p>Hello</p>',
    messageId: `<welcome.pool-${n}@massage.example>`,
  });

  it('sends one message after another over one connection', async () => {
    for (const n of [1, 2, 3]) await expect(sender.send(mail(n))).resolves.toMatchObject({ status: 'sent' });
    expect(received).toEqual([1, 2, 3].map((n) => mail(n).messageId));
    expect(connections).toBeLessThanOrEqual(1); // 0 when the previous test's connection is still open
  });

  it('fails a send whose connection drops after its data as retryable, once, and sends the next on a new connection', async () => {
    dropAfterData.add(mail(4).messageId);
    await expect(sender.send(mail(4))).rejects.toBeInstanceOf(MailNotSentError);
    await expect(sender.send(mail(5))).resolves.toMatchObject({ status: 'sent' });
    expect(received).toEqual([mail(4).messageId, mail(5).messageId]);
    expect(connections).toBe(1); // the dropped one was open before this test; mail 5 needed a new one
  });
});
