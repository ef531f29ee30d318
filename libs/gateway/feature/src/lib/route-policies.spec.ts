import { declaredRoutes } from '@massage/platform-security';
import { GatewayModule } from './gateway.module';

/** Fail closed: every route of the gateway declares its policy; only health probes are public (docs/security.md). */
describe('gateway route declarations', () => {
  const routes = declaredRoutes(GatewayModule);

  it('has no route without a policy', () => {
    expect(routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('makes public only the health probes', () => {
    expect(routes.filter((r) => r.policy?.kind === 'public').every((r) => r.path.startsWith('/health'))).toBe(true);
  });

  it('scopes every protected route by its :locationId', () => {
    for (const r of routes) if (r.policy?.kind === 'protected') expect({ route: r.path, param: r.policy.locationParam }).toEqual({ route: r.path, param: 'locationId' });
    expect(routes.filter((r) => r.policy?.kind === 'protected').length).toBeGreaterThanOrEqual(6);
  });
});
