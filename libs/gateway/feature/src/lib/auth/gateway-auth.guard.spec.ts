import { HealthController } from '@massage/platform';
import { type ExecutionContext, ForbiddenException, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthTokens, type Caller } from './auth-token';
import type { AuthenticatedRequest } from './current-caller.decorator';
import { GatewayAuthGuard } from './gateway-auth.guard';
import { Public } from './public.decorator';

const SECRET = 'guard-secret-'.padEnd(40, 'x');
const tokens = new AuthTokens(SECRET);

class SomeController {
  handler(): string {
    return 'ok';
  }
}
@Public()
class PublicController {
  handler(): string {
    return 'ok';
  }
}

function contextFor(request: Partial<AuthenticatedRequest>, controller: new () => unknown = SomeController): { context: ExecutionContext; request: AuthenticatedRequest; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const req = { headers: {}, params: {}, originalUrl: '/x', ...request } as AuthenticatedRequest;
  const context = {
    getType: () => 'http',
    getHandler: () => (controller.prototype as { handler?: () => string }).handler ?? (() => undefined),
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({ setHeader: (k: string, v: string) => (headers[k] = v) }) }),
  } as unknown as ExecutionContext;
  return { context, request: req, headers };
}

const bearer = (caller: Caller): { authorization: string } => ({ authorization: `Bearer ${tokens.issue(caller)}` });

describe('GatewayAuthGuard', () => {
  const guard = new GatewayAuthGuard(new Reflector(), { authTokenSecret: SECRET, intakeUrl: 'http://intake', intakeTimeoutMs: 1 });

  it('lets /health and @Public() routes through without a token', () => {
    expect(guard.canActivate(contextFor({}, HealthController).context)).toBe(true);
    expect(guard.canActivate(contextFor({}, PublicController).context)).toBe(true);
  });

  it('refuses a missing or bad token with 401 and a WWW-Authenticate challenge', () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${new AuthTokens('other'.padEnd(40, 'y')).issue({ sub: 'a', loc: 'downtown', role: 'admin' })}` }]) {
      const { context, headers: sent } = contextFor({ headers });
      expect(() => guard.canActivate(context)).toThrow(UnauthorizedException);
      expect(sent['WWW-Authenticate']).toMatch(/^Bearer realm=/);
    }
  });

  it("puts the verified caller on the request for its own location's routes", () => {
    const caller: Caller = { sub: 'fd-1', loc: 'downtown', role: 'front-desk' };
    const { context, request } = contextFor({ headers: bearer(caller), params: { locationId: 'downtown' } });
    expect(guard.canActivate(context)).toBe(true);
    expect(request.caller).toEqual(caller);
  });

  it("refuses another location's route with 403 (logged), except for admins", () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const other = contextFor({ headers: bearer({ sub: 'm-1', loc: 'downtown', role: 'manager' }), params: { locationId: 'uptown' } });
    expect(() => guard.canActivate(other.context)).toThrow(ForbiddenException);
    const admin = contextFor({ headers: bearer({ sub: 'hq-1', loc: 'hq', role: 'admin' }), params: { locationId: 'uptown' } });
    expect(guard.canActivate(admin.context)).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});
