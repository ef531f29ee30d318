/** A signed consent lasts this long (screening-rules.md and the consent text: "valid for one year"). */
export const CONSENT_VALIDITY_YEARS = 1;

/**
 * When a consent signed at `signedAt` lapses: the same instant one calendar year later, in UTC (a
 * signature on 29 February lapses on 1 March).
 */
export function consentValidUntil(signedAt: Date): Date {
  const until = new Date(signedAt.getTime());
  until.setUTCFullYear(until.getUTCFullYear() + CONSENT_VALIDITY_YEARS);
  return until;
}

/** Whether a consent lapsing at `validUntil` still holds at `now` (the clock is the caller's). */
export function isConsentValid(validUntil: Date, now: Date): boolean {
  return now.getTime() < validUntil.getTime();
}
