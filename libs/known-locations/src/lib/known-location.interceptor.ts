import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { NamedProblem } from '@massage/platform';
import { routePolicyOf, targetLocation } from '@massage/platform-security';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { KnownLocations } from './known-locations';

/** Injection token: whether unknown location codes are refused (`KNOWN_LOCATIONS_ENFORCED`, default true). */
export const KNOWN_LOCATIONS_ENFORCED = Symbol('KNOWN_LOCATIONS_ENFORCED');

/** The refusal of a request naming a location scheduling never opened: 404 problem+json, type `unknown-location`. */
export class UnknownLocation extends NamedProblem {
  constructor(locationId: string) {
    super(404, 'unknown-location', `No location has the code ${locationId}: scheduling opens locations, and this service has not heard of this one.`);
  }
}

/**
 * Refuses a request whose route acts on a location (its declared `locationParam`) when that location is not known,
 * before the handler runs, so before any write. An interceptor runs after every guard: the caller is authenticated
 * and allowed first, so an unknown code is not answered to someone who may not ask. Routes that name no location
 * (public probes, franchise-wide ones) pass.
 */
@Injectable()
export class KnownLocationInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly locations: KnownLocations,
    @Inject(KNOWN_LOCATIONS_ENFORCED) private readonly enforced: boolean,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (this.enforced && context.getType() === 'http') {
      const policy = routePolicyOf(this.reflector, context.getHandler(), context.getClass());
      const locationId = policy?.kind === 'protected' ? targetLocation(policy, context.switchToHttp().getRequest<Request>()) : undefined;
      if (locationId !== undefined && !(await this.locations.isKnown(locationId))) throw new UnknownLocation(locationId);
    }
    return next.handle();
  }
}
