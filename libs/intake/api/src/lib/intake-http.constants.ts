/**
 * Constants of the intake service's internal HTTP API (called only by the gateway).
 * Plain TypeScript, no framework: the request DTOs and the gateway's requests are built from them.
 * The request limits are the domain's own (`INTAKE_RULES`, `HEALTH_ANSWER_LIMITS`): the DTOs derive
 * their decorators from them, so the gateway and intake refuse the same input (ADR 0011).
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
  /**
   * GET → 200 a FHIR R4 Bundle (collection, `application/fhir+json`): intake's part of the client's record, the Patient
   * and a QuestionnaireResponse per completed intake (ADR 0023; the gateway merges it with treatment's). Audited.
   */
  clientFhirRecord: '/locations/:locationId/clients/:clientId/fhir-record',
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
  /** POST RequestClearanceRequest (with `Idempotency-Key`) → 201 ClearanceResponse; GET → 200 ClearanceListResponse (newest first). */
  clientClearances: '/locations/:locationId/clients/:clientId/clearances',
  /** POST RecordClearanceDirectRequest (with `Idempotency-Key`) → 201 ClearanceResponse: a physician's letter brought in without a request. */
  recordedClearances: '/locations/:locationId/clients/:clientId/clearances/recorded',
  /** GET → 200 ClearanceResponse; 404 when missing, another client's or another location's. */
  clearance: '/locations/:locationId/clients/:clientId/clearances/:clearanceId',
  /** POST RecordClearanceRequest → 200 ClearanceResponse: the physician answered a request; 409 unless it is `requested`. */
  recordClearance: '/locations/:locationId/clients/:clientId/clearances/:clearanceId/record',
  /** POST RevokeClearanceRequest → 200 ClearanceResponse; 409 unless it is `recorded` and not yet expired. */
  revokeClearance: '/locations/:locationId/clients/:clientId/clearances/:clearanceId/revoke',
} as const;
