import { MailNotSentError, mailSenderOptionsFromEnv, smtpFailureOf } from './mail-sender';

describe('mailSenderOptionsFromEnv', () => {
  const saved = { ...process.env };
  const names = ['SMTP_HOST', 'SMTP_PORT', 'SMTP_USER', 'SMTP_PASS', 'SMTP_FROM', 'SMTP_TLS'];
  beforeEach(() => names.forEach((n) => delete process.env[n]));
  afterAll(() => {
    names.forEach((n) => delete process.env[n]);
    Object.assign(process.env, saved);
  });

  it('defaults to the local SMTP server, no auth, no TLS', () => {
    expect(mailSenderOptionsFromEnv()).toEqual({ host: '127.0.0.1', port: 2525, from: 'care@massage.example', tls: false });
  });

  it('reads host, port, credentials, sender and TLS from the environment', () => {
    Object.assign(process.env, {
      SMTP_HOST: 'smtp.example',
      SMTP_PORT: '587',
      SMTP_USER: 'care',
      SMTP_PASS: 's3cret',
      SMTP_FROM: 'hello@massage.example',
      SMTP_TLS: 'true',
    });
    expect(mailSenderOptionsFromEnv()).toEqual({
      host: 'smtp.example',
      port: 587,
      user: 'care',
      pass: 's3cret',
      from: 'hello@massage.example',
      tls: true,
    });
  });

  it('refuses a port that is not a number', () => {
    process.env['SMTP_PORT'] = 'twenty';
    expect(() => mailSenderOptionsFromEnv()).toThrow(/SMTP_PORT/);
  });
});

/** Errors as nodemailer 7 raises them (lib/smtp-connection `_formatError`), recorded against smtp-server. */
function nodemailerError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe('smtpFailureOf', () => {
  it('keeps the codes of a refused recipient and nothing of the reply text', () => {
    const response = '550 <ada@example.com> mailbox unavailable';
    const error = nodemailerError(`Can't send mail - all recipients were rejected: ${response}`, {
      code: 'EENVELOPE',
      response,
      responseCode: 550,
      command: 'RCPT TO',
      rejected: ['ada@example.com'],
      rejectedErrors: [{ code: 'EENVELOPE', response, responseCode: 550, command: 'RCPT TO', recipient: 'ada@example.com' }],
    });
    expect(smtpFailureOf(error)).toEqual({ responseCode: 550, command: 'RCPT TO', code: 'EENVELOPE' });
  });

  it('reads a refused message (after DATA) and a refused sender', () => {
    expect(smtpFailureOf(nodemailerError('Message failed: 554 no', { code: 'EMESSAGE', response: '554 no', responseCode: 554, command: 'DATA' }))).toEqual({
      responseCode: 554,
      command: 'DATA',
      code: 'EMESSAGE',
    });
    expect(smtpFailureOf(nodemailerError('Mail command failed: 553 no', { code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM' }))).toEqual({
      responseCode: 553,
      command: 'MAIL FROM',
      code: 'EENVELOPE',
    });
  });

  it('recovers the socket error nodemailer relabels ESOCKET (connection refused)', () => {
    const refused = nodemailerError('connect ECONNREFUSED 127.0.0.1:2525', {
      errno: -111,
      code: 'ESOCKET',
      syscall: 'connect',
      address: '127.0.0.1',
      port: 2525,
      command: 'CONN',
    });
    expect(smtpFailureOf(refused)).toEqual({ responseCode: undefined, command: 'CONN', code: 'ECONNREFUSED' });
    expect(smtpFailureOf(nodemailerError('Timeout', { code: 'ETIMEDOUT', command: 'CONN' }))).toEqual({
      responseCode: undefined,
      command: 'CONN',
      code: 'ETIMEDOUT',
    });
  });

  it('gives nothing for what is not an SMTP error', () => {
    expect(smtpFailureOf(new TypeError('boom'))).toEqual({ responseCode: undefined, command: undefined, code: undefined });
    expect(smtpFailureOf('boom')).toEqual({});
    expect(smtpFailureOf(null)).toEqual({});
  });
});

describe('MailNotSentError', () => {
  it('says what the classification says, and keeps the codes for callers', () => {
    const error = new MailNotSentError({ responseCode: 421, command: 'CONN', code: 'EPROTOCOL' }, 'SMTP temporarily unavailable (421 at CONN)');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('SMTP temporarily unavailable (421 at CONN)');
    expect(error.stack?.split('\n')[0]).toBe('MailNotSentError: SMTP temporarily unavailable (421 at CONN)');
    expect(error).toMatchObject({ name: 'MailNotSentError', responseCode: 421, command: 'CONN', code: 'EPROTOCOL' });
  });
});
