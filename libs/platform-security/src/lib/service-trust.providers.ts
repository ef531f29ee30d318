import type { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { assertionPublicKeysFromEnv, GatewayAssertionVerifier } from './gateway-assertion';
import { GATEWAY_ASSERTION_VERIFIER, ServicePolicyGuard } from './service-policy.guard';

/**
 * What a service adds to its root module's providers to trust only the gateway: the assertion verifier (the
 * service's name is the audience) and the global policy guard. Listed in the service's own module so the guard
 * sees the module's CARE_RELATIONSHIPS and ACCESS_REFUSAL_RECORDER providers. Keys come from the environment
 * (docs/security.md); the service refuses to start without them.
 */
export function serviceTrustProviders(audience: string): Provider[] {
  return [
    { provide: GATEWAY_ASSERTION_VERIFIER, useFactory: () => new GatewayAssertionVerifier(audience, assertionPublicKeysFromEnv()) },
    { provide: APP_GUARD, useClass: ServicePolicyGuard },
  ];
}
