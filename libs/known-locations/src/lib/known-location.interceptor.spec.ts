import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemDetailsFilter } from '@massage/platform';
import { PublicRoute, RequirePermission } from '@massage/platform-security';
import { lastValueFrom, of } from 'rxjs';
import { KnownLocationInterceptor, UnknownLocation } from './known-location.interceptor';
import type { KnownLocations } from './known-locations';
import { knownLocationsEnforcedFromEnv } from './known-locations.providers';

class Routes {
  @RequirePermission('client:register')
  register(): string {
    return 'register';
  }

  @RequirePermission('rule-table:read', { locationParam: null })
  ruleTables(): string {
    return 'rule tables';
  }

  @PublicRoute('health probe')
  health(): string {
    return 'up';
  }
}

const contextOf = (handler: keyof Routes, params: Record<string, string>): ExecutionContext =>
  ({
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ params }) }),
  }) as unknown as ExecutionContext;

describe('KnownLocationInterceptor', () => {
  const known: Pick<KnownLocations, 'isKnown'> = { isKnown: async (code) => code === 'downtown' };
  const handled: CallHandler = { handle: () => of('handled') };
  const run = (handler: keyof Routes, params: Record<string, string>, enforced = true) =>
    new KnownLocationInterceptor(new Reflector(), known as KnownLocations, enforced).intercept(contextOf(handler, params), handled).then(lastValueFrom);

  it('lets a route through when the location it names is known', async () => {
    await expect(run('register', { locationId: 'downtown' })).resolves.toBe('handled');
  });

  it('refuses an unknown code before the handler, as a 404 problem whose type names unknown-location', async () => {
    const refusal = run('register', { locationId: 'nowhere' });
    await expect(refusal).rejects.toBeInstanceOf(UnknownLocation);
    const problem = new ProblemDetailsFilter().toProblem(await refusal.catch((e: unknown) => e));
    expect(problem).toMatchObject({ status: 404, type: 'https://massage.example/problems/unknown-location' });
  });

  it('lets routes that name no location through, and everything when not enforced', async () => {
    await expect(run('ruleTables', {})).resolves.toBe('handled');
    await expect(run('health', {})).resolves.toBe('handled');
    await expect(run('register', { locationId: 'nowhere' }, false)).resolves.toBe('handled');
  });

  it('is enforced unless KNOWN_LOCATIONS_ENFORCED says false or 0', () => {
    expect(knownLocationsEnforcedFromEnv({})).toBe(true);
    expect(knownLocationsEnforcedFromEnv({ KNOWN_LOCATIONS_ENFORCED: 'true' })).toBe(true);
    expect(knownLocationsEnforcedFromEnv({ KNOWN_LOCATIONS_ENFORCED: ' FALSE ' })).toBe(false);
    expect(knownLocationsEnforcedFromEnv({ KNOWN_LOCATIONS_ENFORCED: '0' })).toBe(false);
  });
});
