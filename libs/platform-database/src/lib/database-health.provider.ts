import type { InjectionToken, OptionalFactoryDependency, Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HEALTH_CHECKS, type HealthCheck } from '@massage/platform';

/** The service's own database answers `SELECT 1`: required for readiness (a service without it cannot work). */
export function databaseHealthCheck(dataSource: DataSource): HealthCheck {
  return {
    name: 'database',
    check: async () => {
      await dataSource.query('SELECT 1');
    },
  };
}

/** More checks built from the service's DataSource and the providers named in `inject` (e.g. `messagingHealth(…)` of @massage/messaging). */
export interface MoreHealthChecks {
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  checks: (dataSource: DataSource, ...deps: never[]) => HealthCheck[];
}

/**
 * `HEALTH_CHECKS` for a service with a database (the default TypeORM DataSource): the database check
 * (required: /health/ready answers 503 without it), plus `more`, e.g.
 * `databaseHealthChecksProvider(messagingHealth({ source: 'intake' }))` for Kafka, outbox and consumers
 * (shown as detail: they never make the service unready).
 */
export function databaseHealthChecksProvider(more?: MoreHealthChecks): Provider {
  return {
    provide: HEALTH_CHECKS,
    useFactory: (dataSource: DataSource, ...deps: never[]): HealthCheck[] => [databaseHealthCheck(dataSource), ...(more?.checks(dataSource, ...deps) ?? [])],
    inject: [DataSource, ...(more?.inject ?? [])],
  };
}

/** `HEALTH_CHECKS` for a service whose only dependency is its database: `{ status: 'ok', database: 'up' }`, or 503. */
export const databaseHealthCheckProvider: Provider = databaseHealthChecksProvider();
