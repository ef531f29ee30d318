import type { Permission } from './permissions';

/**
 * What every HTTP route declares (fail closed: a route without one is refused):
 * either a permission and where its location and resource ids come from, or that it is public and why.
 */
export type RoutePolicy = ProtectedRoutePolicy | PublicRoutePolicy;

export interface ProtectedRoutePolicy {
  kind: 'protected';
  permission: Permission;
  /** Path parameter holding the location the route acts on; `null` for a route that names no location (hq-admin only then). */
  locationParam: string | null;
  /** Path or query parameter naming the client, when the decision may depend on care (`in-care` scopes). */
  clientParam?: string;
  /** Whether `clientParam` is a query parameter rather than a path parameter. */
  clientFrom?: 'path' | 'query';
  /** Path parameter naming the session (an appointment), when the decision may depend on it (`own-sessions` scopes). */
  sessionParam?: string;
}

export interface PublicRoutePolicy {
  kind: 'public';
  /** Why nobody needs to be identified (e.g. `health probe`). */
  reason: string;
}
