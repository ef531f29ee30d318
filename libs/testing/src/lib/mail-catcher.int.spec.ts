import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as nodemailer from 'nodemailer';
import { startMailCatcher, type MailCatcher } from './mail-catcher';
import { readMailbox, waitForMail, type MailSummary } from './mailbox';

describe('mail catcher (real SMTP over TCP, in-process)', () => {
  let mailboxDir: string;
  let catcher: MailCatcher;

  beforeEach(async () => {
    mailboxDir = await mkdtemp(path.join(tmpdir(), 'mail-catcher-spec-'));
  });

  afterEach(async () => {
    await catcher?.close();
    await rm(mailboxDir, { recursive: true, force: true });
  });

  it('stores a message sent with nodemailer as .eml + .json and lists it over HTTP', async () => {
    catcher = await startMailCatcher({ mailboxDir, port: 0, webPort: 0 });
    const transport = nodemailer.createTransport({ host: catcher.host, port: catcher.port, secure: false });

    const info = await transport.sendMail({
      from: 'care@massage.example',
      to: 'client@example.org',
      subject: 'Your intake is complete',
      text: 'See you on Tuesday.',
    });
    expect(info.accepted).toEqual(['client@example.org']);

    const mail = await waitForMail(mailboxDir, (m) => m.subject === 'Your intake is complete', 5_000);
    expect(mail).toMatchObject({
      from: 'care@massage.example',
      to: ['client@example.org'],
      text: 'See you on Tuesday.\n',
      envelope: { from: 'care@massage.example', to: ['client@example.org'] },
    });
    expect(mail.messageId).toBe(info.messageId);
    expect(new Date(mail.receivedAt).getTime()).not.toBeNaN();
    expect(mail.id).toMatch(/^\d{13}-[0-9a-f]+$/);

    const eml = path.join(mailboxDir, `${mail.id}.eml`);
    expect(existsSync(eml)).toBe(true);
    expect(readFileSync(eml, 'utf8')).toContain('Subject: Your intake is complete');
    expect(existsSync(path.join(mailboxDir, `${mail.id}.json`))).toBe(true);

    const listing = await fetch(`http://${catcher.host}:${catcher.webPort}/messages`);
    expect(listing.status).toBe(200);
    const listed = (await listing.json()) as MailSummary[];
    expect(listed.map((m) => m.id)).toEqual([mail.id]);

    const page = await (await fetch(`http://${catcher.host}:${catcher.webPort}/`)).text();
    expect(page).toContain('Your intake is complete');
    const raw = await fetch(`http://${catcher.host}:${catcher.webPort}/messages/${mail.id}.eml`);
    expect(await raw.text()).toContain('See you on Tuesday.');
    transport.close();
  });

  it('requires the configured credentials when auth is required', async () => {
    catcher = await startMailCatcher({ mailboxDir, user: 'notify', pass: 's3cret', requireAuth: true });
    const message = { from: 'care@massage.example', to: 'client@example.org', subject: 'auth', text: 'x' };

    const anonymous = nodemailer.createTransport({ host: catcher.host, port: catcher.port, secure: false });
    await expect(anonymous.sendMail(message)).rejects.toThrow(/auth/i);

    const wrong = nodemailer.createTransport({ host: catcher.host, port: catcher.port, auth: { user: 'notify', pass: 'nope' } });
    await expect(wrong.sendMail(message)).rejects.toThrow(/Invalid username or password/);

    for (const method of ['PLAIN', 'LOGIN']) {
      const good = nodemailer.createTransport({
        host: catcher.host,
        port: catcher.port,
        auth: { user: 'notify', pass: 's3cret', method },
      });
      await good.sendMail({ ...message, subject: `auth ${method}` });
    }
    const stored = await readMailbox(mailboxDir);
    expect(stored.map((m) => [m.subject, m.authUser])).toEqual([
      ['auth PLAIN', 'notify'],
      ['auth LOGIN', 'notify'],
    ]);
  });
});
