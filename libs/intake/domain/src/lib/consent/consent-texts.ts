import { createHash } from 'node:crypto';

/** SHA-256 of a consent text's UTF-8 bytes, lowercase hex: what a stored intake pins. */
export function consentTextHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A consent text a client signs. Never edited once published: a new wording is a new version. */
export interface ConsentText {
  version: string;
  status: 'current' | 'retired';
  /** `YYYY-MM-DD`. */
  publishedOn: string;
  /** The exact text shown to the client. */
  text: string;
  /** `consentTextHash(text)`, computed, never written by hand. */
  hash: string;
}

function consentText(entry: Omit<ConsentText, 'hash'>): ConsentText {
  return { ...entry, hash: consentTextHash(entry.text) };
}

/**
 * The version recorded on intakes signed before consent texts were versioned (form v1): what they signed
 * was not kept, so it has no text and no hash here.
 */
export const LEGACY_CONSENT_TEXT_VERSION = 'legacy-unversioned';

/** Every consent text ever published, by version. */
export const CONSENT_TEXTS: readonly ConsentText[] = [
  consentText({
    version: 'consent-2026-11',
    status: 'current',
    publishedOn: '2026-11-01',
    text: [
      'Consent to therapeutic massage',
      '',
      'I have answered the health questions truthfully and completely, to the best of my knowledge. I will tell my',
      'therapist before every visit if anything has changed, and at once if I feel unwell during a session.',
      '',
      'I understand that massage therapy does not replace medical diagnosis or treatment, that my answers decide',
      'which techniques, pressure and body regions are safe for me, and that my therapist may modify or decline a',
      'treatment, or ask for my physician\'s clearance, when my answers call for it.',
      '',
      'I consent to treatment on these terms. My answers are kept confidential, shared only with the staff who care',
      'for me, and kept for the period the law requires. This consent is valid for one year from the day I sign it.',
    ].join('\n'),
  }),
];

export function findConsentText(version: string): ConsentText | undefined {
  return CONSENT_TEXTS.find((t) => t.version === version);
}
