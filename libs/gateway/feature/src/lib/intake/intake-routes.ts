import { INTAKE_ROUTES } from '@massage/intake-api';

/** One of intake's route templates. */
export type IntakeRoute = (typeof INTAKE_ROUTES)[keyof typeof INTAKE_ROUTES];

/** Fills an intake route template (`/clients/:clientId`) with encoded path segments. */
export function intakePath(route: IntakeRoute, params: Record<string, string> = {}): string {
  return route.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`intake route ${route} needs :${name}`);
    return encodeURIComponent(value);
  });
}
