/** People who sign in at a location (ADR 0007). `hq-admin` acts for every location. */
export const ROLES = ['hq-admin', 'location-manager', 'front-desk', 'therapist'] as const;
export type Role = (typeof ROLES)[number];

/** Machine principals: a service acting on its own behalf (never a person's token). */
export type MachineRole = `service:${string}`;

/** Stands for "every location" in an actor's `locationId` (only `hq-admin` and machines carry it). */
export const ANY_LOCATION = '*';

/** Who is asking: the verified identity a service acts on, taken only from the gateway's signed assertion. */
export interface Actor {
  subject: string;
  role: Role | MachineRole;
  /** The location the actor works at; `'*'` for hq-admin. */
  locationId: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isMachineRole(value: unknown): value is MachineRole {
  return typeof value === 'string' && /^service:[a-z][a-z0-9-]*$/.test(value);
}
