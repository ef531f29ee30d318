/**
 * Phone numbers as the SMS channel accepts them: E.164 (`+` and up to 15 digits, no leading zero in the
 * country code). Infobip writes destinations without the `+` ("41793026727"), so the request builder
 * converts with `toInfobipAddress` and webhooks are read back with `fromInfobipAddress`.
 */
const E164 = /^\+[1-9]\d{1,14}$/;

export type E164Number = string & { readonly __e164: unique symbol };

export function isE164(value: string): value is E164Number {
  return E164.test(value);
}

/** The number in E.164, or undefined when it is not one (no guessing of country codes or trunk prefixes). */
export function parseE164(value: string): E164Number | undefined {
  const trimmed = value.trim();
  return isE164(trimmed) ? trimmed : undefined;
}

/** `+41793026727` → `41793026727`, the international format without `+` that Infobip documents. */
export function toInfobipAddress(number: E164Number): string {
  return number.slice(1);
}

/** An address from an Infobip webhook (`41793026727`, sometimes with `+`) as E.164, or undefined. */
export function fromInfobipAddress(address: string): E164Number | undefined {
  const digits = address.trim().replace(/^\+/, '');
  return parseE164(`+${digits}`);
}
