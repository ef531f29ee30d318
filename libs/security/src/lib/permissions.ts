import type { Role } from './actor';

/**
 * How far a role's permission reaches:
 * - `any-location`: every location (hq-admin);
 * - `own-location`: only the location the actor works at;
 * - `in-care`: at the own location, and only for clients in the actor's care (an appointment with them);
 * - `own-sessions`: at the own location, and only for sessions the actor gives.
 */
export const SCOPES = ['any-location', 'own-location', 'in-care', 'own-sessions'] as const;
export type Scope = (typeof SCOPES)[number];

type Grants = Readonly<Partial<Record<Role, Scope>>>;

/**
 * The permission table: resource:action → which role may do it, and how far. A role not listed is refused.
 * Machine principals and analysts have no entry: they get no HTTP access to identifiable data.
 * docs/security.md prints this table (a test keeps the two in step).
 */
export const PERMISSION_TABLE = {
  'client:register': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location' },
  /** Erasing a client's contact details on request (ADR 0010): managers and HQ only. */
  'client:erase-contact': { 'hq-admin': 'any-location', 'location-manager': 'own-location' },
  /** Identity and contact details of a client (no health data). */
  'client:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location', therapist: 'in-care' },
  /** Submitting a signed intake form (the client fills it in at the front desk). */
  'intake:submit': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location' },
  /** The health history itself: conditions, medications, pain, consent. */
  'intake:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', therapist: 'in-care' },
  /** The outcome of contraindication screening (go / adapt / refer), not the answers behind it. */
  'screening-outcome:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location', therapist: 'in-care' },
  /** The screening result in full: the rules that fired and their restrictions (techniques, regions, pressure, positioning). */
  'screening:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', therapist: 'in-care' },
  /**
   * The contraindication rule table's versions: franchise-wide, no client data, so their routes name no location
   * (`any-location` is the only scope such a route can grant). Staff who screen or treat read them.
   */
  'rule-table:read': { 'hq-admin': 'any-location', 'location-manager': 'any-location', therapist: 'any-location' },
  /** Publishing a new rule-table version (the clinical lead, through HQ). */
  'rule-table:publish': { 'hq-admin': 'any-location' },
  /** Asking a client's physician for a clearance (a named provider, the rules it concerns, the scope wanted). */
  'clearance:request': { 'hq-admin': 'any-location', 'location-manager': 'own-location', therapist: 'in-care' },
  /** Recording a physician's clearance (scope, expiry, provider, a reference to the letter): it re-screens the client. */
  'clearance:record': { 'hq-admin': 'any-location', 'location-manager': 'own-location', therapist: 'in-care' },
  /** Revoking a recorded clearance (a reason code): managers and HQ only. */
  'clearance:revoke': { 'hq-admin': 'any-location', 'location-manager': 'own-location' },
  /** A client's clearances: rules, scope, provider and expiry (health data: no front desk). */
  'clearance:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', therapist: 'in-care' },
  /** Booking and the appointment's day at the front desk: book, reschedule, cancel, check in, complete, record a no-show. */
  'appointment:book': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location' },
  /** An appointment as booked (ids, span, planned techniques, regions and pressure): the desk that booked it, managers, HQ. */
  'appointment:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location' },
  /** Free slots and the location's calendar (hours, rooms, services): everyone who works at the location. */
  'availability:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location', therapist: 'own-location' },
  /**
   * A client's treatment plan (goals, focus regions, techniques, pressure, referral) and its outcome trend: health
   * data, so no front desk.
   */
  'treatment-plan:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', therapist: 'in-care' },
  /** Creating, revising, completing or discontinuing a plan: the client's therapist (in care) or the location's manager. */
  'treatment-plan:write': { 'location-manager': 'own-location', therapist: 'in-care' },
  /**
   * A session's SOAP note: a therapist writes only the notes of their own sessions (the appointment's therapist);
   * a manager, as supervisor, may amend a signed note of their location.
   */
  'clinical-note:write': { 'location-manager': 'own-location', therapist: 'own-sessions' },
  'clinical-note:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', therapist: 'in-care' },
  /**
   * A therapist's own sessions of a day at their location (ids, span, status, planned work, note and plan ids): the
   * route names no client or session, so the service lists only the sessions the actor gives. Therapists only.
   */
  'session:list-own': { therapist: 'own-location' },
  /** Therapists, their qualifications and licences. */
  'staff:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location' },
  'staff:manage': { 'hq-admin': 'any-location', 'location-manager': 'own-location' },
  /** Messages sent to a client (channel and outcome, never the body). */
  'delivery:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location' },
  /** Sending a client's message again (a new message with its own key): front desk, managers and HQ. */
  'delivery:resend': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location' },
  /** A client's message preferences: opt-in/out per channel, quiet hours, language (no health data). */
  'client-preferences:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location' },
  'client-preferences:write': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location' },
  /** A location's reminder settings (offsets, pre-visit check, quiet hours): read at the desk, changed by managers and HQ. */
  'message-settings:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location', 'front-desk': 'own-location' },
  'message-settings:write': { 'hq-admin': 'any-location', 'location-manager': 'own-location' },
  /** "Who read this client's record": the audit trail. */
  'audit:read': { 'hq-admin': 'any-location', 'location-manager': 'own-location' },
  /** Opening a location (its code, zone, jurisdiction): HQ only; the route names no location. */
  'location:manage': { 'hq-admin': 'any-location' },
  /** A location's rooms, service catalogue and closures: its manager and HQ. */
  'location:configure': { 'hq-admin': 'any-location', 'location-manager': 'own-location' },
} as const satisfies Record<string, Grants>;

export type Permission = keyof typeof PERMISSION_TABLE;
export const PERMISSIONS = Object.keys(PERMISSION_TABLE) as Permission[];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(PERMISSION_TABLE, value);
}

/** The scope a role has for a permission, or undefined when it has none. */
export function scopeOf(role: string, permission: Permission): Scope | undefined {
  const grants: Grants = PERMISSION_TABLE[permission];
  return Object.hasOwn(grants, role) ? grants[role as Role] : undefined;
}
