import type { Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { KNOWN_LOCATIONS_ENFORCED, KnownLocationInterceptor } from './known-location.interceptor';
import { KnownLocations } from './known-locations';

export interface KnownLocationsOptions {
  /** Refuse unknown location codes. Default: env `KNOWN_LOCATIONS_ENFORCED` (`false` or `0` turns it off), else true. */
  enforced?: boolean;
}

/** Reads `KNOWN_LOCATIONS_ENFORCED`: on unless it says `false` or `0`. */
export function knownLocationsEnforcedFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const raw = env['KNOWN_LOCATIONS_ENFORCED']?.trim().toLowerCase();
  return !(raw === 'false' || raw === '0');
}

/** The providers of a service that accepts only known location codes, for the service module's own `providers`. */
export function knownLocationProviders(options: KnownLocationsOptions = {}): Provider[] {
  return [
    KnownLocations,
    { provide: KNOWN_LOCATIONS_ENFORCED, useFactory: () => options.enforced ?? knownLocationsEnforcedFromEnv() },
    { provide: APP_INTERCEPTOR, useClass: KnownLocationInterceptor },
  ];
}
