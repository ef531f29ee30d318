/**
 * Opt-out by reply: a message that is only one of these keywords (any case, any surrounding or inner
 * whitespace, a trailing full stop or exclamation mark ignored) stops or resumes SMS to that number.
 * Infobip applies no fixed list (its Blocklist blocks on the MO keywords an account defines), so we use
 * the carriers' standard set as Telnyx documents its defaults: STOP, STOPALL, STOP ALL, UNSUBSCRIBE,
 * CANCEL, END, QUIT to opt out; START, UNSTOP to opt back in (docs/adr/0021-sms-provider.md).
 * A keyword inside a sentence ("please don't stop") is not one.
 */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;

export type SmsKeyword = 'opt-out' | 'opt-in';

function normalise(body: string): string {
  return body.trim().replace(/[.!]+$/, '').trim().replace(/\s+/g, ' ').toUpperCase();
}

export function isOptOutKeyword(body: string): boolean {
  return (OPT_OUT_KEYWORDS as readonly string[]).includes(normalise(body));
}

export function isOptInKeyword(body: string): boolean {
  return (OPT_IN_KEYWORDS as readonly string[]).includes(normalise(body));
}

export function smsKeyword(body: string): SmsKeyword | undefined {
  if (isOptOutKeyword(body)) return 'opt-out';
  if (isOptInKeyword(body)) return 'opt-in';
  return undefined;
}
