import { INTAKE_ROUTES } from '@massage/intake-api';
import { ANY_LOCATION } from '@massage/security';
import type { ServiceTarget } from '../http/service.forwarder';

/** One of intake's route templates. */
export type IntakeRoute = (typeof INTAKE_ROUTES)[keyof typeof INTAKE_ROUTES];

/** Fills an intake route template (`/locations/:locationId/clients/:clientId`) with encoded path segments. */
export function intakePath(route: IntakeRoute, params: Record<string, string> = {}): string {
  return route.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`intake route ${route} needs :${name}`);
    return encodeURIComponent(value);
  });
}

/** Where a request for `route` at `locationId` goes in intake. */
export function intakeTarget(route: IntakeRoute, params: { locationId: string } & Record<string, string>): ServiceTarget {
  return { service: 'intake', path: intakePath(route, params), locationId: params.locationId };
}

/** Where a franchise-wide request (a route naming no location, e.g. the rule tables) goes in intake. */
export function intakeFranchiseTarget(route: IntakeRoute, params: Record<string, string> = {}): ServiceTarget {
  return { service: 'intake', path: intakePath(route, params), locationId: ANY_LOCATION };
}
