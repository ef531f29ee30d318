import { TREATMENT_ROUTES } from '@massage/treatment-api';
import type { ServiceTarget } from '../http/service.forwarder';

/** One of treatment's route templates (every one names a location; all but the therapist's own day a client). */
export type TreatmentRoute = (typeof TREATMENT_ROUTES)[keyof typeof TREATMENT_ROUTES];

/** Fills a treatment route template (`/locations/:locationId/clients/:clientId/plans/:planId`) with encoded path segments. */
export function treatmentPath(route: TreatmentRoute, params: Record<string, string>): string {
  return route.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`treatment route ${route} needs :${name}`);
    return encodeURIComponent(value);
  });
}

/** Where a request for `route` at `locationId` (about the client it names, if any) goes in treatment. */
export function treatmentTarget(route: TreatmentRoute, params: { locationId: string } & Record<string, string>): ServiceTarget {
  return { service: 'treatment', path: treatmentPath(route, params), locationId: params.locationId };
}
