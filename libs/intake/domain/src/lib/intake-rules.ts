/**
 * The limits of client registration and of an intake's non-health parts (goals, consent). Written once:
 * the request DTOs of `@massage/intake-api` derive their decorators from these (ADR 0011). The health
 * answers' limits are `HEALTH_ANSWER_LIMITS` (forms/).
 */
export const INTAKE_RULES = {
  nameMinLength: 1,
  nameMaxLength: 100,
  emailMaxLength: 254,
  /** Case-insensitive; at least as strict as ajv-formats' `email`, so a stored address always passes the event schema. */
  emailPattern: "^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
  /** E.164. */
  phonePattern: '^\\+[1-9][0-9]{6,14}$',
  datePattern: '^\\d{4}-\\d{2}-\\d{2}$',
  /** Date of birth, and any date an answer gives: at most this many years ago. */
  maxAgeYears: 130,
  /** Form versions and consent text versions: 1–32 characters of letters, digits, `.`, `_`, `-`. */
  formVersionPattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$',
  /** Any free text in the client's words (a condition's note, a medication's name). */
  noteMaxLength: 500,
  goalsMin: 1,
  goalsMax: 10,
  goalMinLength: 1,
  goalMaxLength: 200,
  signedAtMaxSkewMinutes: 5,
} as const;

export const EMAIL_REGEX = new RegExp(INTAKE_RULES.emailPattern, 'i');
export const PHONE_REGEX = new RegExp(INTAKE_RULES.phonePattern);
export const FORM_VERSION_REGEX = new RegExp(INTAKE_RULES.formVersionPattern);
/** RFC 3339 date-time with a mandatory offset (what the events' `date-time` format accepts). */
export const RFC3339_DATE_TIME_REGEX = /^\d{4}-[01]\d-[0-3]\dT(?:[0-2]\d:[0-5]\d:[0-5]\d)(?:\.\d+)?(?:Z|[+-][0-2]\d:[0-5]\d)$/i;
