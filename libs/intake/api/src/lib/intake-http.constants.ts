/**
 * Constants of the intake service's internal HTTP API (called only by the gateway).
 * Plain TypeScript, no framework: the request DTOs and the gateway's requests are built from them.
 */

/** Header carrying the correlation id; intake copies it onto every event it publishes (a new uuid when absent). */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * Route templates, relative to `INTAKE_URL`. Every route names the location it acts on; who asks comes only from
 * the gateway's signed assertion (header `x-gateway-assertion`, docs/security.md), never from a header of its own.
 */
export const INTAKE_ROUTES = {
  /** POST RegisterClientRequest → 201 ClientResponse. */
  registerClient: '/locations/:locationId/clients',
  /** GET → 200 ClientResponse; 404 when missing or owned by another location. */
  getClient: '/locations/:locationId/clients/:clientId',
  /** POST SubmitIntakeRequest → 201 IntakeResponse; GET → 200 IntakeListResponse (latest first). */
  clientIntakes: '/locations/:locationId/clients/:clientId/intakes',
  /** GET → 200 IntakeResponse; 404 when missing, owned by another client or by another location. */
  getIntake: '/locations/:locationId/clients/:clientId/intakes/:intakeId',
  /** GET (`?before=<seq>&limit=<n>`) → 200 AccessLogResponse: who read or wrote the client's record, newest first. */
  clientAccessLog: '/locations/:locationId/clients/:clientId/access-log',
  /** POST EraseClientContactRequest → 200 ClientResponse (e-mail and phone gone); 404 when missing or another location's. */
  eraseClientContact: '/locations/:locationId/clients/:clientId/contact-erasure',
  /** GET → 200 ScreeningResponse (outcome only, ScreeningOutcomeResponse, for front desk): the client's latest screening; 404 before the first. */
  clientScreening: '/locations/:locationId/clients/:clientId/screening',
  /** GET → 200 ScreeningListResponse: every screening of the client, latest first. */
  clientScreenings: '/locations/:locationId/clients/:clientId/screenings',
  /** POST VisitUpdateRequest (with `Idempotency-Key`) → 201 VisitUpdateResponse: "anything changed?" before a visit. */
  clientVisitUpdates: '/locations/:locationId/clients/:clientId/visit-updates',
  /** GET → 200 RuleTableVersionListResponse; POST a rule-table document (hq-admin, `Idempotency-Key`) → 201 RuleTableVersionResponse. Franchise-wide: no location. */
  ruleTables: '/rule-tables',
  /** GET → 200 RuleTableVersionResponse (the document); 404 for an unknown version. */
  ruleTable: '/rule-tables/:version',
} as const;

/**
 * Limits the intake service enforces on request bodies (it answers 400 problem+json otherwise).
 * The request DTOs apply them, and the gateway and intake validate with the same DTOs, so both refuse the same input.
 */
export const INTAKE_API_LIMITS = {
  /** givenName, familyName and consent.signedName: length in characters. */
  nameMinLength: 1,
  nameMaxLength: 100,
  /** email: longest accepted address. */
  emailMaxLength: 254,
  /** email: the address must match this, case-insensitively (as strict as the event schemas' ajv-formats `email`). */
  emailPattern: "^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
  /** phone: E.164, e.g. `+14165550123`. */
  phonePattern: '^\\+[1-9][0-9]{6,14}$',
  /** dateOfBirth and recentInjuryOrSurgery.date: calendar date `YYYY-MM-DD`, not in the future. */
  datePattern: '^\\d{4}-\\d{2}-\\d{2}$',
  /** dateOfBirth: at most this many years ago. */
  maxAgeYears: 130,
  /** formVersion: 1–32 characters of letters, digits, `.`, `_`, `-` (e.g. `2025.1`). */
  formVersionPattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$',
  /** conditions: at most this many entries (one per code). */
  maxConditions: 19,
  /** medications: at most this many entries. */
  maxMedications: 30,
  /** conditions[].note, medications[].name, recentInjuryOrSurgery.description: longest free text. */
  noteMaxLength: 500,
  /** medications[].name: shortest name. */
  medicationNameMinLength: 1,
  /** painAreas[].rating: integer bounds (0 = no pain, 10 = worst imaginable). */
  painRatingMin: 0,
  painRatingMax: 10,
  /** goals: number of entries. */
  goalsMin: 1,
  goalsMax: 10,
  /** goals[]: length of each goal in characters. */
  goalMinLength: 1,
  goalMaxLength: 200,
  /** consent.signedAt: may be at most this many minutes in the future (clock skew). */
  signedAtMaxSkewMinutes: 5,
} as const;
