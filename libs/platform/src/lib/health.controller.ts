import { Controller, Get, HttpException, HttpStatus, Inject, Optional } from '@nestjs/common';

/** What a check may report instead of a plain `up`: a word (`leader`) or a few figures (`{ parked: 2 }`). */
export type HealthDetail = string | number | boolean | { [key: string]: string | number | boolean | null };

/** One thing a service depends on or reports about (its database, Kafka, its outbox, …). */
export interface HealthCheck {
  /** The key it answers under in the health body, e.g. `database`. */
  name: string;
  /**
   * `required` (the default): the instance is not ready while this check fails (/health/ready answers 503).
   * `detail`: shown in the body only; its failure never makes the instance unready (Kafka: writes go to
   * the outbox and consumers catch up later).
   */
  readiness?: 'required' | 'detail';
  /** Rejects (or passes {@link HEALTH_CHECK_TIMEOUT_MS}) when down; may resolve with a detail shown instead of `up`. */
  check(): Promise<HealthDetail | void>;
}

/**
 * The health checks of a service: one provider whose value is a `HealthCheck[]`. A service with a
 * database provides `databaseHealthCheckProvider` (or `databaseHealthChecksProvider` with more checks)
 * from `@massage/platform-database`; the gateway provides none.
 */
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

/** A check that has not answered within this long counts as down, so a hung dependency cannot hang a probe. */
export const HEALTH_CHECK_TIMEOUT_MS = 2000;
/** Optional provider overriding {@link HEALTH_CHECK_TIMEOUT_MS} (ms). */
export const HEALTH_CHECK_TIMEOUT = Symbol('HEALTH_CHECK_TIMEOUT');

/**
 * `{ status, <check name>: 'up' | 'down' | <detail>, … }`. `degraded`: every required check passed but a
 * detail check is down (still 200).
 */
export type HealthStatus = { status: 'ok' | 'degraded' } & { [check: string]: HealthDetail };

/**
 * `GET /health/live`: the process is up and its event loop answers; it checks nothing else, so an
 * orchestrator restarts an instance only when restarting can help.
 * `GET /health/ready` (and `GET /health`, its old name that scripts and images use): can this instance do
 * its job. 200 with every check's state when each required check passes, otherwise 503 problem+json
 * naming the required checks that are down (and every check's state under `checks`). Error messages of
 * failed checks are never shown (they can carry hosts or credentials).
 */
@Controller('health')
export class HealthController {
  private readonly checks: readonly HealthCheck[];
  private readonly timeoutMs: number;

  constructor(
    @Optional() @Inject(HEALTH_CHECKS) checks?: readonly HealthCheck[],
    @Optional() @Inject(HEALTH_CHECK_TIMEOUT) timeoutMs?: number,
  ) {
    this.checks = checks ?? [];
    this.timeoutMs = timeoutMs ?? HEALTH_CHECK_TIMEOUT_MS;
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(): Promise<HealthStatus> {
    return this.check();
  }

  /** The same as /health/ready. */
  @Get()
  async check(): Promise<HealthStatus> {
    const results = await Promise.all(this.checks.map(async (c) => ({ check: c, value: await this.run(c) })));
    const states: { [check: string]: HealthDetail } = {};
    for (const { check, value } of results) states[check.name] = value;
    const down = results.filter((r) => r.value === 'down');
    const requiredDown = down.filter((r) => (r.check.readiness ?? 'required') === 'required').map((r) => r.check.name);
    if (requiredDown.length) throw new NotReadyException(requiredDown, states);
    return { status: down.length ? 'degraded' : 'ok', ...states };
  }

  private async run(check: HealthCheck): Promise<HealthDetail> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'down'>((resolve) => {
      timer = setTimeout(() => resolve('down'), this.timeoutMs);
    });
    try {
      return await Promise.race([check.check().then((detail) => detail ?? 'up', () => 'down' as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** 503 from /health/ready: the problem+json names the required checks that are down; `checks` holds every state. */
export class NotReadyException extends HttpException {
  constructor(
    readonly down: readonly string[],
    readonly checks: { [check: string]: HealthDetail },
  ) {
    super({ message: `${down.join(', ')} unreachable`, extensions: { checks } }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}
