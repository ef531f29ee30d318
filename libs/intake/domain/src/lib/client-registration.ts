import { EMAIL_REGEX, INTAKE_RULES, PHONE_REGEX } from './intake-rules';
import { isCalendarDate, isFutureDate, yearsBefore } from './calendar';
import type { RuleViolation } from './violation';

export type ContactChannel = 'email' | 'sms';
export const CONTACT_CHANNELS: readonly ContactChannel[] = ['email', 'sms'];

/** What a location records when it registers a client. */
export interface ClientRegistration {
  givenName: string;
  familyName: string;
  email?: string;
  phone?: string;
  preferredChannel: ContactChannel;
  /** `YYYY-MM-DD`. */
  dateOfBirth: string;
}

/** Trims the free-text fields; an empty email or phone counts as absent. */
export function normalizeClientRegistration(input: ClientRegistration): ClientRegistration {
  const email = input.email?.trim();
  const phone = input.phone?.trim();
  return {
    givenName: input.givenName.trim(),
    familyName: input.familyName.trim(),
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    preferredChannel: input.preferredChannel,
    dateOfBirth: input.dateOfBirth,
  };
}

/**
 * The registration rules, on a normalized registration: names present, at least one of email and
 * phone, the preferred channel's contact given, a real date of birth that is not in the future.
 */
export function checkClientRegistration(reg: ClientRegistration, now: Date): RuleViolation[] {
  const v: RuleViolation[] = [];
  const r = INTAKE_RULES;
  for (const field of ['givenName', 'familyName'] as const) {
    const value = reg[field];
    if (value.length < r.nameMinLength || value.length > r.nameMaxLength) {
      v.push({ field, reason: `${field} must be ${r.nameMinLength}–${r.nameMaxLength} characters, not blank` });
    }
  }
  if (reg.email === undefined && reg.phone === undefined) {
    v.push({ field: 'email', reason: 'at least one of email and phone is required' });
    v.push({ field: 'phone', reason: 'at least one of email and phone is required' });
  }
  if (reg.email !== undefined && (reg.email.length > r.emailMaxLength || !EMAIL_REGEX.test(reg.email))) {
    v.push({ field: 'email', reason: 'email must be a valid email address' });
  }
  if (reg.phone !== undefined && !PHONE_REGEX.test(reg.phone)) {
    v.push({ field: 'phone', reason: 'phone must be in E.164 form, e.g. +14165550123' });
  }
  if (!CONTACT_CHANNELS.includes(reg.preferredChannel)) {
    v.push({ field: 'preferredChannel', reason: 'preferredChannel must be email or sms' });
  } else if (reg.preferredChannel === 'email' && reg.email === undefined) {
    v.push({ field: 'email', reason: 'email is required when preferredChannel is email' });
  } else if (reg.preferredChannel === 'sms' && reg.phone === undefined) {
    v.push({ field: 'phone', reason: 'phone is required when preferredChannel is sms' });
  }
  if (!isCalendarDate(reg.dateOfBirth)) {
    v.push({ field: 'dateOfBirth', reason: 'dateOfBirth must be a real date YYYY-MM-DD' });
  } else if (isFutureDate(reg.dateOfBirth, now)) {
    v.push({ field: 'dateOfBirth', reason: 'dateOfBirth must not be in the future' });
  } else if (reg.dateOfBirth < yearsBefore(now, r.maxAgeYears)) {
    v.push({ field: 'dateOfBirth', reason: `dateOfBirth must be within the last ${r.maxAgeYears} years` });
  }
  return v;
}
