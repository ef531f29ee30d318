/**
 * The limits of the intake form. The feature's DTOs and the published API (`@massage/intake-api`,
 * `INTAKE_API_LIMITS`) use the same numbers; a spec in the feature keeps them equal.
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
  maxAgeYears: 130,
  formVersionPattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$',
  maxConditions: 19,
  maxMedications: 30,
  noteMaxLength: 500,
  medicationNameMinLength: 1,
  painRatingMin: 0,
  painRatingMax: 10,
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
