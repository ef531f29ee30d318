import type { IntakeKind } from '@massage/contracts';
import { INTAKE_RULES } from './intake-rules';
import { isInstant } from './calendar';
import type { HealthAnswers } from './health-answers';
import { findConsentText } from './consent/consent-texts';
import { consentValidUntil, isConsentValid } from './consent/consent-validity';
import { findIntakeForm, formVersionViolation } from './forms/form-registry';
import { checkHealthAnswers, normalizeHealthAnswers } from './forms/health-answers.rules';
import type { RuleViolation } from './violation';

export interface ConsentSubmission {
  given: boolean;
  /** The version of the consent text the client was shown and signed (`consent-2026-11`). */
  textVersion: string;
  signedName: string;
  /** RFC 3339 date-time with offset. */
  signedAt: string;
}

/** A full intake as submitted on a current form (v2). */
export interface IntakeSubmission {
  formVersion: string;
  answers: HealthAnswers;
  goals: string[];
  consent: ConsentSubmission;
}

/** A signed consent as stored: pinned to the text (version and hash) the client signed. */
export interface Consent {
  given: true;
  textVersion: string;
  /** SHA-256 of the consent text; null only on intakes migrated from form v1 (the text was not kept). */
  textHash: string | null;
  signedName: string;
  /** RFC 3339, UTC. */
  signedAt: string;
  /** RFC 3339, UTC: one year after `signedAt`. */
  validUntil: string;
}

/** A signed intake as stored: every answer pinned to the form version the client saw. */
export interface CompletedIntake {
  id: string;
  clientId: string;
  locationId: string;
  formVersion: string;
  kind: IntakeKind;
  /** The client's intake this one follows; null for the client's first. */
  previousIntakeId: string | null;
  /** RFC 3339, UTC. */
  submittedAt: string;
  /** Always the complete answers (an update carries what still holds). */
  answers: HealthAnswers;
  goals: string[];
  consent: Consent;
}

/** Trims free text (notes, medication names, goals, the signed name); a blank note counts as absent. */
export function normalizeIntakeSubmission(input: IntakeSubmission): IntakeSubmission {
  return {
    formVersion: input.formVersion,
    answers: normalizeHealthAnswers(input.answers),
    goals: input.goals.map((g) => g.trim()),
    consent: { ...input.consent, signedName: input.consent.signedName.trim() },
  };
}

function lengthBetween(value: string, min: number, max: number): boolean {
  return value.length >= min && value.length <= max;
}

/**
 * Consent, given and signed against a consent text the form accepts, not in the future and not already
 * lapsed (`now` is the caller's clock). Fields are named under `prefix` (`consent.textVersion`).
 */
export function checkConsent(c: ConsentSubmission, formVersion: string, now: Date, prefix = 'consent'): RuleViolation[] {
  const r = INTAKE_RULES;
  const v: RuleViolation[] = [];
  if (c.given !== true) v.push({ field: `${prefix}.given`, reason: 'consent must be given to complete an intake' });
  const accepted = findIntakeForm(formVersion)?.consentTextVersions ?? [];
  const text = findConsentText(c.textVersion);
  if (!text || !accepted.includes(text.version)) {
    v.push({ field: `${prefix}.textVersion`, reason: `unknown consent text version ${c.textVersion} for form ${formVersion} (accepted: ${accepted.join(', ') || 'none'})` });
  } else if (text.status !== 'current') {
    v.push({ field: `${prefix}.textVersion`, reason: `consent text ${c.textVersion} is retired` });
  }
  if (!lengthBetween(c.signedName, r.nameMinLength, r.nameMaxLength)) {
    v.push({ field: `${prefix}.signedName`, reason: `signedName must be ${r.nameMinLength}–${r.nameMaxLength} characters, not blank` });
  }
  if (!isInstant(c.signedAt)) {
    v.push({ field: `${prefix}.signedAt`, reason: 'signedAt must be an RFC 3339 date-time with offset' });
  } else if (Date.parse(c.signedAt) > now.getTime() + r.signedAtMaxSkewMinutes * 60_000) {
    v.push({ field: `${prefix}.signedAt`, reason: 'signedAt must not be in the future' });
  } else if (!isConsentValid(consentValidUntil(new Date(c.signedAt)), now)) {
    v.push({ field: `${prefix}.signedAt`, reason: 'a consent signed this long ago has lapsed (it is valid for one year): sign again' });
  }
  return v;
}

/**
 * The rules of a full intake, on a normalized submission: a current form version (an unknown or retired one
 * is refused first, on its own: the answers of an unknown form cannot be judged), the health answers'
 * rules, 1–10 goals, and consent signed against the form's consent text.
 */
export function checkIntakeSubmission(s: IntakeSubmission, now: Date): RuleViolation[] {
  const form = formVersionViolation(s.formVersion);
  if (form) return [form];
  const r = INTAKE_RULES;
  const v: RuleViolation[] = [...checkHealthAnswers(s.answers, now, { form: findIntakeForm(s.formVersion) })];
  if (s.goals.length < r.goalsMin || s.goals.length > r.goalsMax) v.push({ field: 'goals', reason: `goals must have ${r.goalsMin}–${r.goalsMax} entries` });
  s.goals.forEach((g, i) => {
    if (!lengthBetween(g, r.goalMinLength, r.goalMaxLength)) {
      v.push({ field: `goals.${i}`, reason: `each goal must be ${r.goalMinLength}–${r.goalMaxLength} characters, not blank` });
    }
  });
  v.push(...checkConsent(s.consent, s.formVersion, now));
  return v;
}

/** The stored consent of a checked submission: the text's hash, `signedAt` in UTC, and when it lapses. */
export function signedConsent(c: ConsentSubmission): Consent {
  const text = findConsentText(c.textVersion);
  if (c.given !== true || !text) throw new Error('consent must be given, against a registered consent text');
  const signedAt = new Date(c.signedAt);
  return {
    given: true,
    textVersion: text.version,
    textHash: text.hash,
    signedName: c.signedName,
    signedAt: signedAt.toISOString(),
    validUntil: consentValidUntil(signedAt).toISOString(),
  };
}

/** Builds the stored intake from a normalized, checked full submission. */
export function completeIntake(
  s: IntakeSubmission,
  ids: { id: string; clientId: string; locationId: string; previousIntakeId: string | null },
  submittedAt: Date,
): CompletedIntake {
  return {
    ...ids,
    formVersion: s.formVersion,
    kind: 'full',
    submittedAt: submittedAt.toISOString(),
    answers: s.answers,
    goals: s.goals,
    consent: signedConsent(s.consent),
  };
}
