import { HealthController } from '@massage/platform';
import { PublicRoute, RequirePermission, type ActorRequest } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { type ExecutionContext, ForbiddenException, InternalServerErrorException, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { GatewayConfig } from '../gateway.config';
import { AuthTokens, type AuthTokenConfig } from './auth-token';
import { GatewayAuthGuard } from './gateway-auth.guard';
import { RevocationList } from './revocation-list';

const tokenConfig: AuthTokenConfig = { keys: new Map([['k1', Buffer.from('guard-secret-'.padEnd(40, 'x'))]]), signingKeyId: 'k1', maxTtlSeconds: 3600 };
const tokens = new AuthTokens(tokenConfig);

class LocationController {
  @RequirePermission('intake:read', { clientParam: 'clientId' })
  read(): string {
    return 'ok';
  }
  @RequirePermission('client:register')
  register(): string {
    return 'ok';
  }
  undeclared(): string {
    return 'ok';
  }
}

@PublicRoute('test')
class PublicController {
  handler(): string {
    return 'ok';
  }
}

function contextFor(request: Partial<ActorRequest>, controller: new () => object, handler: string): { context: ExecutionContext; request: ActorRequest; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const req = { headers: {}, params: {}, originalUrl: '/x', ...request } as ActorRequest;
  const context = {
    getType: () => 'http',
    getHandler: () => (controller.prototype as Record<string, unknown>)[handler],
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({ setHeader: (k: string, v: string) => (headers[k] = v) }) }),
  } as unknown as ExecutionContext;
  return { context, request: req, headers };
}

const bearer = (actor: Actor): { authorization: string } => ({ authorization: `Bearer ${tokens.issue(actor)}` });
const frontDesk: Actor = { subject: 'fd-1', locationId: 'downtown', role: 'front-desk' };

describe('GatewayAuthGuard', () => {
  let revoked: Set<string>;
  let guard: GatewayAuthGuard;
  let quiet: jest.SpyInstance[];
  beforeEach(() => {
    revoked = new Set();
    guard = new GatewayAuthGuard(new Reflector(), { tokens: tokenConfig } as GatewayConfig, new RevocationList(revoked));
    quiet = [jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined), jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined)];
  });
  afterEach(() => quiet.forEach((q) => q.mockRestore()));

  it('lets /health and @PublicRoute() routes through without a token', () => {
    expect(guard.canActivate(contextFor({}, HealthController, 'check').context)).toBe(true);
    expect(guard.canActivate(contextFor({}, PublicController, 'handler').context)).toBe(true);
  });

  it('refuses a route that declares no policy (fail closed), whoever asks', () => {
    const { context } = contextFor({ headers: bearer({ subject: 'hq', locationId: '*', role: 'hq-admin' }) }, LocationController, 'undeclared');
    expect(() => guard.canActivate(context)).toThrow(InternalServerErrorException);
  });

  it('refuses a missing, bad or revoked token with 401 and a WWW-Authenticate challenge', () => {
    const revokedToken = tokens.issue(frontDesk);
    revoked.add(tokens.verify(revokedToken).jti);
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${revokedToken}` }]) {
      const { context, headers: sent } = contextFor({ headers, params: { locationId: 'downtown' } }, LocationController, 'register');
      expect(() => guard.canActivate(context)).toThrow(UnauthorizedException);
      expect(sent['WWW-Authenticate']).toMatch(/^Bearer realm=/);
    }
  });

  it('puts the verified actor on the request when the policy allows', () => {
    const { context, request } = contextFor({ headers: bearer(frontDesk), params: { locationId: 'downtown' } }, LocationController, 'register');
    expect(guard.canActivate(context)).toBe(true);
    expect(request.actor).toEqual(frontDesk);
  });

  it("refuses another location, and a role without the permission, with 403; hq-admin reaches every location", () => {
    const other = contextFor({ headers: bearer({ subject: 'm-1', locationId: 'downtown', role: 'location-manager' }), params: { locationId: 'uptown' } }, LocationController, 'register');
    expect(() => guard.canActivate(other.context)).toThrow(ForbiddenException);
    const frontDeskReadsHealth = contextFor({ headers: bearer(frontDesk), params: { locationId: 'downtown' } }, LocationController, 'read');
    expect(() => guard.canActivate(frontDeskReadsHealth.context)).toThrow(ForbiddenException);
    const hq = contextFor({ headers: bearer({ subject: 'hq-1', locationId: '*', role: 'hq-admin' }), params: { locationId: 'uptown' } }, LocationController, 'read');
    expect(guard.canActivate(hq.context)).toBe(true);
  });

  it('passes a therapist on to the service, which decides on care', () => {
    const { context } = contextFor({ headers: bearer({ subject: 't-1', locationId: 'downtown', role: 'therapist' }), params: { locationId: 'downtown', clientId: 'c' } }, LocationController, 'read');
    expect(guard.canActivate(context)).toBe(true);
  });
});
