import { ConsoleLogger, Logger, type LoggerService } from '@nestjs/common';
import { createServer } from 'node:net';
import type { DataSource } from 'typeorm';
import { MailNotSentError, MailSender, SMTP_TIMEOUTS_MS, type OutgoingMail, type SendOutcome } from './mail-sender';
import { notificationConsumerOptions } from './notification.consumer';
import { startRefusingSmtpServer, type RefusingSmtpServer } from './testing/refusing-smtp-server';

/**
 * MailSender against a real SMTP server (in-process) that refuses chosen addresses: how nodemailer 7
 * reports each refusal, and what MailSender makes of it.
 */
describe('MailSender (SMTP)', () => {
  let server: RefusingSmtpServer;
  let sender: MailSender;
  const logged: string[] = [];

  const capture: LoggerService = {
    log: (...args: unknown[]) => void logged.push(args.map(String).join(' ')),
    warn: (...args: unknown[]) => void logged.push(args.map(String).join(' ')),
    error: (...args: unknown[]) => void logged.push(args.map(String).join(' ')),
  };

  beforeAll(async () => {
    Logger.overrideLogger(capture);
    server = await startRefusingSmtpServer();
    sender = new MailSender({ host: server.host, port: server.port, from: 'care@massage.example', tls: false });
  });

  afterAll(async () => {
    sender?.onModuleDestroy();
    await server?.close();
    Logger.overrideLogger(new ConsoleLogger({ logLevels: ['error', 'warn'] }));
  });

  function mailTo(address: string, id = 'b2c1f0c2-4d8e-4e0e-9a2b-1f6a1c1d0e01'): OutgoingMail {
    return {
      to: { name: 'Ada Lovelace', address },
      subject: 'Welcome',
      text: 'Hello Ada',
      html: '<p>Hello Ada</p>',
      messageId: `<welcome.${id}@massage.example>`,
    };
  }

  /** The error `send` rejects with; fails the test when it resolves. */
  async function failureOf(promise: Promise<SendOutcome>): Promise<MailNotSentError> {
    const outcome = await promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    if (!('error' in outcome)) throw new Error(`expected a MailNotSentError, got ${JSON.stringify(outcome.value)}`);
    expect(outcome.error).toBeInstanceOf(MailNotSentError);
    return outcome.error as MailNotSentError;
  }

  it('sends: the server accepted the message', async () => {
    await expect(sender.send(mailTo('grace@example.com'))).resolves.toEqual({
      status: 'sent',
      messageId: '<welcome.b2c1f0c2-4d8e-4e0e-9a2b-1f6a1c1d0e01@massage.example>',
    });
    expect(server.received.at(-1)?.to).toEqual(['grace@example.com']);
  });

  it('reports a recipient refused with 550 as rejected for good, not as an error', async () => {
    server.refuse('nobody@example.com', { at: 'RCPT TO', code: 550 });
    await expect(sender.send(mailTo('nobody@example.com'))).resolves.toEqual({
      status: 'rejected',
      failure: { kind: 'permanent', reason: 'recipient-rejected', responseCode: 550 },
    });
  });

  it('reports a message refused after DATA (554) as rejected for good', async () => {
    server.refuse('strict@example.com', { at: 'DATA', code: 554 });
    await expect(sender.send(mailTo('strict@example.com'))).resolves.toEqual({
      status: 'rejected',
      failure: { kind: 'permanent', reason: 'message-rejected', responseCode: 554 },
    });
  });

  it('throws a deferral (451) as retryable, with codes only in the message', async () => {
    server.refuse('busy@example.com', { at: 'RCPT TO', code: 451, times: 1 });
    const error = await failureOf(sender.send(mailTo('busy@example.com')));
    expect(error.message).toBe('SMTP temporarily unavailable (451 at RCPT TO)');
    expect(error).toMatchObject({ responseCode: 451, command: 'RCPT TO', code: 'EENVELOPE' });
    expect(error.cause).toBeUndefined();
    // The deferral was for once: the next attempt goes through.
    await expect(sender.send(mailTo('busy@example.com'))).resolves.toMatchObject({ status: 'sent' });
  });

  it('throws a refused sender (553 at MAIL FROM) as retryable: it is not this message that is wrong', async () => {
    const strictSender = new MailSender({ host: server.host, port: server.port, from: 'banned@massage.example', tls: false });
    server.refuse('banned@massage.example', { at: 'MAIL FROM', code: 553 });
    try {
      const error = await failureOf(strictSender.send(mailTo('grace@example.com')));
      expect(error.message).toBe('SMTP server refused the session (553 at MAIL FROM)');
    } finally {
      strictSender.onModuleDestroy();
    }
  });

  it('throws connection refused as retryable', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const offline = new MailSender({ host: '127.0.0.1', port: closedPort, from: 'care@massage.example', tls: false });
    try {
      const error = await failureOf(offline.send(mailTo('grace@example.com')));
      expect(error.message).toBe('SMTP temporarily unavailable (ECONNREFUSED at CONN)');
    } finally {
      offline.onModuleDestroy();
    }
  });

  it('throws a server that accepts the connection and never answers as retryable, within the consumer handler deadline', async () => {
    const stalled = createServer(() => undefined); // accepts, never greets
    const port = await new Promise<number>((resolve) => stalled.listen(0, '127.0.0.1', () => resolve((stalled.address() as { port: number }).port)));
    const sender = new MailSender({ host: '127.0.0.1', port, from: 'care@massage.example', tls: false });
    try {
      const error = await failureOf(sender.send(mailTo('grace@example.com')));
      expect(error.message).toBe('SMTP temporarily unavailable (ETIMEDOUT at CONN)');
      // Every SMTP wait ends before the handler's deadline: a stall is a failed attempt (retried), not a deadline kill.
      const { handlerTimeoutMs } = notificationConsumerOptions({} as DataSource);
      expect(Math.max(...Object.values(SMTP_TIMEOUTS_MS))).toBeLessThan(handlerTimeoutMs ?? 0);
    } finally {
      sender.onModuleDestroy();
      stalled.close();
    }
  });

  it('never logs or throws a refused address (the servers quoted each of them)', () => {
    expect(server.refusals.map((r) => r.address)).toEqual(['nobody@example.com', 'strict@example.com', 'busy@example.com', 'banned@massage.example']);
    const text = logged.join('\n');
    expect(text).toContain('refused for good: recipient-rejected (SMTP 550)');
    for (const address of ['nobody@', 'strict@', 'busy@', 'banned@']) expect(text).not.toContain(address);
  });
});
