import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HEALTH_CHECKS, type HealthCheck } from '@massage/platform';

/** The service's own database answers `SELECT 1`. */
export function databaseHealthCheck(dataSource: DataSource): HealthCheck {
  return {
    name: 'database',
    check: async () => {
      await dataSource.query('SELECT 1');
    },
  };
}

/**
 * `HEALTH_CHECKS` for a service whose only dependency is its database (the default TypeORM
 * DataSource): /health answers `{ status: 'ok', database: 'up' }`, or 503 when it is unreachable.
 * A service with more checks provides `HEALTH_CHECKS` itself, using `databaseHealthCheck`.
 */
export const databaseHealthCheckProvider: Provider = {
  provide: HEALTH_CHECKS,
  useFactory: (dataSource: DataSource): HealthCheck[] => [databaseHealthCheck(dataSource)],
  inject: [DataSource],
};
