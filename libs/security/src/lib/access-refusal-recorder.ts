import type { Actor } from './actor';

/**
 * Injection token of an optional hook the service-side policy guard calls when it refuses a request, so a
 * refusal lands in the audit trail (the audit library provides it). A plain string keeps this library
 * framework-free; Nest resolves it like any other token.
 */
export const ACCESS_REFUSAL_RECORDER = 'ACCESS_REFUSAL_RECORDER';

export interface RefusedRoute {
  method: string;
  /** The route pattern, e.g. `/v1/locations/:locationId/clients/:clientId`. */
  path: string;
  /** The permission the route declares (`resource:action`). */
  permission: string;
  /** Path parameters of the refused request (ids, no bodies). */
  params: Record<string, string>;
}

export interface AccessRefusalRecorder {
  /** `actor` is undefined when the caller could not be identified at all (missing or invalid assertion). */
  recordRefusal(actor: Actor | undefined, route: RefusedRoute, reason: string): Promise<void>;
}
