import { decide, type Actor, type Decision, type ProtectedRoutePolicy, type RoutePolicy } from '@massage/security';
import { HealthController } from '@massage/platform';
import { ForbiddenException, InternalServerErrorException, Logger, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PublicRoute, routePolicyOf } from './route-policy.decorators';

// The platform's health probes answer without identity: declared here, explicitly, for every service.
PublicRoute('health probe: answers up/down, discloses no data')(HealthController);

/** The route's policy, or a 500 (and an error log) when it declares none: fail closed. */
export function requireRoutePolicy(reflector: Reflector, context: ExecutionContext, logger: Logger): RoutePolicy {
  const policy = routePolicyOf(reflector, context.getHandler(), context.getClass());
  if (policy) return policy;
  const request = context.switchToHttp().getRequest<Request>();
  logger.error(JSON.stringify({ event: 'route.undeclared', controller: context.getClass().name, handler: context.getHandler().name, path: request.route?.path ?? request.path }));
  throw new InternalServerErrorException('This route declares no access policy, so it is refused.');
}

/** The location a protected route acts on, from its declared path parameter. */
export function targetLocation(policy: ProtectedRoutePolicy, request: Request): string | undefined {
  if (policy.locationParam === null) return undefined;
  const value = request.params?.[policy.locationParam];
  return typeof value === 'string' ? value : undefined;
}

/** The client a care-scoped decision is about, from the declared path or query parameter. */
export function targetClient(policy: ProtectedRoutePolicy, request: Request): string | undefined {
  if (!policy.clientParam) return undefined;
  const source: unknown = policy.clientFrom === 'query' ? request.query?.[policy.clientParam] : request.params?.[policy.clientParam];
  return typeof source === 'string' ? source.toLowerCase() : undefined;
}

/** The session an `own-sessions` decision is about, from the declared path parameter. */
export function targetSession(policy: ProtectedRoutePolicy, request: Request): string | undefined {
  if (!policy.sessionParam) return undefined;
  const value = request.params?.[policy.sessionParam];
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

export function decideFor(actor: Actor, policy: ProtectedRoutePolicy, request: Request): Decision {
  return decide(actor, policy.permission, { locationId: targetLocation(policy, request) });
}

export function refusal(reason: string): ForbiddenException {
  return new ForbiddenException(`Not allowed: ${reason}.`);
}
