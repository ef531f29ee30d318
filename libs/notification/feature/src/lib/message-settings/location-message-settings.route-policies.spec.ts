import { declaredRoutes } from '@massage/platform-security';
import { NotificationModule } from '../notification.module';

describe("notification routes of a location's message settings", () => {
  const routes = declaredRoutes(NotificationModule);
  const policy = (method: string) =>
    routes.find((r) => r.method === method && r.path === '/locations/:locationId/message-settings')?.policy;

  it('declares reading and changing with their own permissions, scoped to the location in the path', () => {
    expect(policy('GET')).toEqual({
      kind: 'protected',
      permission: 'message-settings:read',
      locationParam: 'locationId',
    });
    expect(policy('PUT')).toEqual({
      kind: 'protected',
      permission: 'message-settings:write',
      locationParam: 'locationId',
    });
  });
});
