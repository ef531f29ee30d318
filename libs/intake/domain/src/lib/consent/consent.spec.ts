import { CONSENT_TEXTS, consentTextHash, findConsentText } from './consent-texts';
import { consentValidUntil, isConsentValid } from './consent-validity';

describe('consent texts', () => {
  it('hashes with SHA-256 over the UTF-8 text (FIPS 180-2 test vector)', () => {
    expect(consentTextHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('pins each registered text by the hash of its own text: one changed character is another hash', () => {
    for (const t of CONSENT_TEXTS) {
      expect(t.hash).toBe(consentTextHash(t.text));
      expect(consentTextHash(`${t.text} `)).not.toBe(t.hash);
    }
    expect(findConsentText('consent-2026-11')?.status).toBe('current');
    expect(findConsentText('consent-1999')).toBeUndefined();
  });
});

describe('consent validity', () => {
  it('lasts one year from signing, to the instant', () => {
    const signedAt = new Date('2026-11-27T10:15:00.000Z');
    const until = consentValidUntil(signedAt);
    expect(until.toISOString()).toBe('2027-11-27T10:15:00.000Z');
    expect(isConsentValid(until, new Date(until.getTime() - 1))).toBe(true);
    expect(isConsentValid(until, until)).toBe(false);
  });

  it('a signature on 29 February lapses on 1 March', () => {
    expect(consentValidUntil(new Date('2028-02-29T09:00:00Z')).toISOString()).toBe('2029-03-01T09:00:00.000Z');
  });
});
