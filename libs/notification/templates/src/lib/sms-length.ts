/**
 * SMS length in segments (3GPP TS 23.038). A message of GSM-7 characters fits 160 septets in one
 * segment and 153 per segment when split (the rest carries the concatenation header); one character
 * outside GSM-7 (ê, ç, ’, an emoji) turns the whole message into UCS-2: 70 in one segment, 67 per
 * segment when split. Characters of the extension table (€ [ ] { } ~ \ | ^) take two septets.
 */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** The most segments a message may take: two, whichever encoding its characters need (ADR 0022). */
export const MAX_SMS_SEGMENTS = 2;

export function smsLength(body: string): SmsLength {
  let septets = 0;
  for (const char of body) {
    if (GSM7_BASIC.includes(char)) septets += 1;
    else if (GSM7_EXTENSION.includes(char)) septets += 2;
    else return { encoding: 'UCS-2', units: body.length, segments: segmentsFor(body.length, 70, 67) };
  }
  return { encoding: 'GSM-7', units: septets, segments: segmentsFor(septets, 160, 153) };
}

function segmentsFor(units: number, single: number, perPart: number): number {
  if (units === 0) return 0;
  return units <= single ? 1 : Math.ceil(units / perPart);
}
