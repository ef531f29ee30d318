import { classifySmtpFailure, DELIVERY_FAILURE_REASONS, describePermanentSmtpFailure } from './smtp-failure';

describe('classifySmtpFailure', () => {
  describe('permanent: this message will never be accepted', () => {
    it.each([550, 551, 553, 554, 501])('a %i reply to RCPT TO rejects the recipient', (responseCode) => {
      expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode, command: 'RCPT TO' })).toEqual({
        kind: 'permanent',
        reason: DELIVERY_FAILURE_REASONS.recipientRejected,
        responseCode,
      });
    });

    it('a 5xx reply to DATA (the command or the content) rejects the message', () => {
      expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' })).toEqual({
        kind: 'permanent',
        reason: 'message-rejected',
        responseCode: 554,
      });
      expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 552, command: 'DATA' })).toMatchObject({
        kind: 'permanent',
        reason: 'message-rejected',
      });
    });

    it('describes itself by reason and code only', () => {
      expect(describePermanentSmtpFailure({ kind: 'permanent', reason: 'recipient-rejected', responseCode: 550 })).toBe(
        'recipient-rejected (SMTP 550)',
      );
    });
  });

  describe('retryable: an outage, or a refusal of us rather than of this message', () => {
    it.each([
      [{ code: 'EENVELOPE', responseCode: 450, command: 'RCPT TO' }, 'SMTP temporarily unavailable (450 at RCPT TO)'],
      [{ code: 'EENVELOPE', responseCode: 452, command: 'RCPT TO' }, 'SMTP temporarily unavailable (452 at RCPT TO)'],
      [{ code: 'EMESSAGE', responseCode: 451, command: 'DATA' }, 'SMTP temporarily unavailable (451 at DATA)'],
      [{ code: 'EPROTOCOL', responseCode: 421, command: 'CONN' }, 'SMTP temporarily unavailable (421 at CONN)'],
      [{ responseCode: 421 }, 'SMTP temporarily unavailable (421)'],
      [{ code: 'ECONNREFUSED', command: 'CONN' }, 'SMTP temporarily unavailable (ECONNREFUSED at CONN)'],
      [{ code: 'ESOCKET', command: 'CONN' }, 'SMTP temporarily unavailable (ESOCKET at CONN)'],
      [{ code: 'ETIMEDOUT', command: 'CONN' }, 'SMTP temporarily unavailable (ETIMEDOUT at CONN)'],
      [{ code: 'ECONNECTION', command: 'API' }, 'SMTP temporarily unavailable (ECONNECTION at API)'],
      [{ code: 'EDNS', command: 'CONN' }, 'SMTP temporarily unavailable (EDNS at CONN)'],
    ])('%j → %s', (failure, description) => {
      expect(classifySmtpFailure(failure)).toEqual({ kind: 'retryable', description });
    });

    it('a 5xx refusal of the session or sender is retried: it would fail every message alike', () => {
      expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM' })).toEqual({
        kind: 'retryable',
        description: 'SMTP server refused the session (553 at MAIL FROM)',
      });
      expect(classifySmtpFailure({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })).toEqual({
        kind: 'retryable',
        description: 'SMTP server refused the session (535 at AUTH PLAIN)',
      });
      expect(classifySmtpFailure({ code: 'EPROTOCOL', responseCode: 554, command: 'CONN' }).kind).toBe('retryable');
    });

    it('anything unrecognised is retried (and dead-lettered if it persists), never recorded as final', () => {
      expect(classifySmtpFailure({})).toEqual({ kind: 'retryable', description: 'SMTP send failed (no error code)' });
      expect(classifySmtpFailure({ code: 'EENVELOPE', command: 'API' })).toEqual({
        kind: 'retryable',
        description: 'SMTP send failed (EENVELOPE at API)',
      });
      expect(classifySmtpFailure({ responseCode: 250, command: 'RCPT TO' }).kind).toBe('retryable');
      expect(classifySmtpFailure({ responseCode: 5500, command: 'RCPT TO' }).kind).toBe('retryable');
    });
  });

  it('never echoes anything but codes: a command or code that is not a plain word is dropped', () => {
    const address = 'ada@example.com';
    const outcomes = [
      classifySmtpFailure({ responseCode: 450, command: `RCPT TO:<${address}>` }),
      classifySmtpFailure({ code: `E<${address}>`, command: 'CONN' }),
      classifySmtpFailure({ code: 'ESOCKET', command: address }),
    ];
    expect(outcomes).toEqual([
      { kind: 'retryable', description: 'SMTP temporarily unavailable (450)' },
      { kind: 'retryable', description: 'SMTP send failed (no error code at CONN)' },
      { kind: 'retryable', description: 'SMTP temporarily unavailable (ESOCKET)' },
    ]);
    expect(JSON.stringify(outcomes)).not.toContain('ada');
    // A 5xx from an unrecognisable step is not taken for a recipient rejection either.
    expect(classifySmtpFailure({ responseCode: 550, command: `RCPT TO <${address}>` }).kind).toBe('retryable');
  });
});
