/**
 * Opt-out by reply: a message that is only one of these words (any case, surrounding whitespace and a
 * trailing full stop or exclamation mark ignored) stops or resumes SMS to that number. The list is the
 * US carriers' (CTIA) standard set that SMS providers apply, Twilio's documented defaults among them;
 * Infobip leaves keyword handling to the account's configuration (docs/adr/0021-sms-provider.md).
 * A word inside a sentence ("please don't stop") is not a keyword.
 */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;

export type SmsKeyword = 'opt-out' | 'opt-in';

function normalise(body: string): string {
  return body.trim().replace(/[.!]+$/, '').trim().toUpperCase();
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
