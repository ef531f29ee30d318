/**
 * Constants of the treatment service's internal HTTP API (called only by the gateway). Plain TypeScript: the
 * gateway's routes are built from them.
 */

/**
 * Route templates. Every route names the location; a client's routes name the client too (a therapist's `in-care`
 * grant is about that client), and a note's routes also name the session (the appointment), which a therapist's
 * `own-sessions` grant is about. The therapist's own day names neither: it lists only the actor's sessions. Who asks
 * comes only from the gateway's signed assertion.
 */
export const TREATMENT_ROUTES = {
  /** POST CreatePlanRequest (with Idempotency-Key) → 201 PlanResponse; GET → 200 PlanListResponse (newest first). */
  plans: '/locations/:locationId/clients/:clientId/plans',
  /** GET → 200 PlanResponse; PUT RevisePlanRequest → 200 PlanResponse (checked again against the latest screening). */
  plan: '/locations/:locationId/clients/:clientId/plans/:planId',
  /** POST → 200 PlanResponse. */
  completePlan: '/locations/:locationId/clients/:clientId/plans/:planId/complete',
  /** POST DiscontinuePlanRequest → 200 PlanResponse. */
  discontinuePlan: '/locations/:locationId/clients/:clientId/plans/:planId/discontinue',
  /** GET → 200 PlanOutcomesResponse: pain per region and PSFS across the plan's signed sessions, MCID verdicts, re-assessment due. */
  outcomes: '/locations/:locationId/clients/:clientId/plans/:planId/outcomes',
  /** GET → 200 NoteResponse (every read audited); PUT SaveNoteRequest → 200 NoteResponse (a draft only). */
  note: '/locations/:locationId/clients/:clientId/sessions/:appointmentId/note',
  /** POST → 200 NoteResponse: the draft is signed and locked; SessionLogged is published. */
  signNote: '/locations/:locationId/clients/:clientId/sessions/:appointmentId/note/sign',
  /** POST AmendNoteRequest (with Idempotency-Key) → 201 NoteResponse: a new version; the original stays readable. */
  amendments: '/locations/:locationId/clients/:clientId/sessions/:appointmentId/note/amendments',
  /** GET → 200 a FHIR R4 Bundle (collection) of the client's treatment record (audited). */
  fhirRecord: '/locations/:locationId/clients/:clientId/record/fhir',
  /** GET `?date=YYYY-MM-DD` (default: today in the location's zone) → 200 OwnSessionsResponse: the acting therapist's sessions, by start (audited). */
  ownSessions: '/locations/:locationId/therapists/me/sessions',
} as const;

/** Header carrying the correlation id; treatment copies it onto every event it publishes (a new uuid when absent). */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * The `type` of a treatment refusal (RFC 9457): `https://massage.example/problems/<rule>`, where the rule is the
 * domain's name for it (`contraindicated`, `note-signed`, `not-your-session`…).
 */
export const TREATMENT_PROBLEM_BASE = 'https://massage.example/problems/';
export function treatmentProblemType(rule: string): string {
  return `${TREATMENT_PROBLEM_BASE}${rule}`;
}
