import { SCHEDULING_ROUTES } from '@massage/scheduling-api';
import { ANY_LOCATION } from '@massage/security';
import type { ServiceTarget } from '../http/service.forwarder';

/** One of scheduling's route templates. */
export type SchedulingRoute = (typeof SCHEDULING_ROUTES)[keyof typeof SCHEDULING_ROUTES];

/** Fills a scheduling route template (`/locations/:locationId/appointments/:appointmentId`) with encoded path segments. */
export function schedulingPath(route: SchedulingRoute, params: Record<string, string> = {}): string {
  return route.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`scheduling route ${route} needs :${name}`);
    return encodeURIComponent(value);
  });
}

/** Where a request for `route` at `locationId` goes in scheduling. */
export function schedulingTarget(route: SchedulingRoute, params: { locationId: string } & Record<string, string>): ServiceTarget {
  return { service: 'scheduling', path: schedulingPath(route, params), locationId: params.locationId };
}

/** Where a franchise-wide request (a route naming no location, e.g. opening a location) goes in scheduling. */
export function schedulingFranchiseTarget(route: SchedulingRoute, params: Record<string, string> = {}): ServiceTarget {
  return { service: 'scheduling', path: schedulingPath(route, params), locationId: ANY_LOCATION };
}
