import { mailSenderOptionsFromEnv } from './mail-sender';

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
