import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';

/** One dependency a service needs to do its work (its database, …); `check` rejects when it is not usable. */
export interface HealthCheck {
  /** The key it answers under in the /health body, e.g. `database`. */
  name: string;
  check(): Promise<void>;
}

/**
 * The health checks of a service: one provider whose value is a `HealthCheck[]`. A service with a
 * database provides `databaseHealthCheckProvider` from `@massage/platform-database`; a service without
 * one (the gateway) provides none.
 */
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

/** `{ status: 'ok', <check name>: 'up', … }` */
export type HealthStatus = { status: 'ok' } & { [check: string]: 'ok' | 'up' };

/**
 * Liveness and readiness in one: answers 200 with each check `up` when every check passes, otherwise
 * 503 (problem+json, through the shared filter) naming the checks that are down.
 */
@Controller('health')
export class HealthController {
  private readonly checks: readonly HealthCheck[];

  constructor(@Optional() @Inject(HEALTH_CHECKS) checks?: readonly HealthCheck[]) {
    this.checks = checks ?? [];
  }

  @Get()
  async check(): Promise<HealthStatus> {
    const results = await Promise.all(
      this.checks.map(async (c) => {
        try {
          await c.check();
          return { name: c.name, up: true };
        } catch {
          return { name: c.name, up: false };
        }
      }),
    );
    const down = results.filter((r) => !r.up).map((r) => r.name);
    if (down.length) throw new ServiceUnavailableException(`${down.join(', ')} unreachable`);
    const status: HealthStatus = { status: 'ok' };
    for (const { name } of results) status[name] = 'up';
    return status;
  }
}
