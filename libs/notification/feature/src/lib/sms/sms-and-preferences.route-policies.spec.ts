import { declaredRoutes } from '@massage/platform-security';
import { NotificationModule } from '../notification.module';

/** The client's messages and preferences are location-scoped permissions; only the provider's webhooks and the signed unsubscribe link are public. */
describe('notification routes of the SMS channel and preferences', () => {
  const routes = declaredRoutes(NotificationModule);
  const policy = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path)?.policy;

  it('declares each with its permission, scoped to the location in the path', () => {
    const base = '/locations/:locationId/clients/:clientId';
    expect(policy('GET', `${base}/messages`)).toEqual({ kind: 'protected', permission: 'delivery:read', locationParam: 'locationId' });
    expect(policy('POST', `${base}/messages/:messageId/resend`)).toEqual({ kind: 'protected', permission: 'delivery:resend', locationParam: 'locationId' });
    expect(policy('GET', `${base}/preferences`)).toEqual({ kind: 'protected', permission: 'client-preferences:read', locationParam: 'locationId' });
    expect(policy('PUT', `${base}/preferences`)).toEqual({ kind: 'protected', permission: 'client-preferences:write', locationParam: 'locationId' });
  });

  it('makes public only the webhooks (their own Basic credentials) and the unsubscribe link (its HMAC), each with a reason', () => {
    const publicRoutes = routes.filter((r) => r.policy?.kind === 'public' && !r.path.startsWith('/health')).map((r) => `${r.method} ${r.path}`);
    expect(publicRoutes.sort()).toEqual(['GET /unsubscribe', 'POST /sms/delivery-reports', 'POST /sms/inbound', 'POST /unsubscribe']);
  });
});
