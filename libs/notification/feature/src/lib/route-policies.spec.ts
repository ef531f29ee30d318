import { declaredRoutes } from '@massage/platform-security';
import { NotificationModule } from './notification.module';

/** Fail closed: every HTTP route notification registers declares its access policy (docs/security.md). */
describe('notification route declarations', () => {
  it('has no route without a policy, and location-scopes the deliveries', () => {
    const routes = declaredRoutes(NotificationModule);
    expect(routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(routes.find((r) => r.path === '/locations/:locationId/deliveries')?.policy).toEqual({ kind: 'protected', permission: 'delivery:read', locationParam: 'locationId' });
  });
});
