import { SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Permission, ProtectedRoutePolicy, PublicRoutePolicy, RoutePolicy } from '@massage/security';

export const ROUTE_POLICY = 'massage:route-policy';

/**
 * Declares what a route needs: a permission, and where the location (and, for care-scoped permissions, the
 * client) it acts on are found. Every route of every service and of the gateway carries one (or `PublicRoute`);
 * a route without is refused at run time and fails the route-declaration test.
 */
export function RequirePermission(permission: Permission, where: Partial<Omit<ProtectedRoutePolicy, 'kind' | 'permission'>> = {}): MethodDecorator & ClassDecorator {
  const policy: ProtectedRoutePolicy = { kind: 'protected', permission, locationParam: 'locationId', ...where };
  return SetMetadata(ROUTE_POLICY, policy);
}

/** Declares a route that answers without identifying anyone (health probes); the reason is part of the declaration. */
export function PublicRoute(reason: string): MethodDecorator & ClassDecorator {
  const policy: PublicRoutePolicy = { kind: 'public', reason };
  return SetMetadata(ROUTE_POLICY, policy);
}

/** The policy a handler declares (its own, else its controller's), or undefined. */
export function routePolicyOf(reflector: Reflector, handler: object, controller: object): RoutePolicy | undefined {
  return reflector.getAllAndOverride<RoutePolicy | undefined, string>(ROUTE_POLICY, [handler as () => void, controller as () => void]);
}
