import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { declaredRoutes, GatewayAssertionSigner, GATEWAY_ASSERTION_HEADER, generateAssertionKeyPair, type DeclaredRoute } from '@massage/platform-security';
import { ROLES, scopeOf, type Actor, type ProtectedRoutePolicy, type Role } from '@massage/security';
import request from 'supertest';
import { SchedulingModule } from './scheduling.module';
import { openTestLocation, SchedulingCaller, startSchedulingTestApp, type SchedulingTestApp, type TestCalendar } from './testing/scheduling-test-app';

jest.setTimeout(120_000);

/**
 * The access matrix of scheduling, generated from the routes' own declarations (a new route is covered the day
 * it is added): every protected route × {no assertion, expired, wrong audience, unknown key, each role at its own
 * location, another location}. Refusals change nothing but the audit trail.
 */
const HOME = 'downtown-toronto';
const AWAY = 'soho-london';
const KID = 'matrix';
const keys = generateAssertionKeyPair(KID);
const actorOf = (role: Role, locationId = HOME): Actor => (role === 'hq-admin' ? { subject: 'hq-1', role, locationId: '*' } : { subject: `${role}-1@${locationId}`, role, locationId });

describe('scheduling access matrix (from the route declarations, PostgreSQL)', () => {
  let t: SchedulingTestApp;
  let quiet: jest.SpyInstance;
  const seeded: Record<string, TestCalendar> = {};
  const routes = declaredRoutes(SchedulingModule).filter((r): r is DeclaredRoute & { policy: ProtectedRoutePolicy } => r.policy?.kind === 'protected');

  const counts = async (): Promise<unknown> =>
    (
      await t.pg.query(
        `SELECT (SELECT count(*) FROM location)::int AS locations, (SELECT count(*) FROM room)::int AS rooms, (SELECT count(*) FROM therapist_certification)::int AS certifications,
                (SELECT count(*) FROM appointment)::int AS appointments, (SELECT count(*) FROM outbox WHERE topic <> 'audit.v1')::int AS events`,
      )
    ).rows[0];

  /** The route's path at `location`, naming `owner`'s therapist (an appointment id that names nothing: transitions must not run). */
  const pathOf = (route: DeclaredRoute, location: string, owner = location): string =>
    route.path
      .replace(':locationId', location)
      .replace(':therapistId', seeded[owner]?.therapistId ?? randomUUID())
      .replace(':appointmentId', randomUUID())
      .replace(':technique', 'swedish');

  const call = (route: DeclaredRoute, path: string, assertion?: string): request.Test => {
    const http = request(t.baseUrl);
    const req = route.method === 'POST' ? http.post(path).send({}) : route.method === 'PUT' ? http.put(path).send({}) : http.get(path);
    req.set('idempotency-key', randomUUID());
    return assertion === undefined ? req : req.set(GATEWAY_ASSERTION_HEADER, assertion);
  };

  beforeAll(async () => {
    t = await startSchedulingTestApp('sched_matrix', { gatewayPublicKeysJson: keys.publicKeysJson, now: '2026-03-02T15:00:00Z', logger: false });
    quiet = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const api = new SchedulingCaller(t.baseUrl, keys.signer);
    seeded[HOME] = await openTestLocation(api, HOME);
    seeded[AWAY] = await openTestLocation(api, AWAY, 'Europe/London');
  });

  afterAll(async () => {
    quiet?.mockRestore();
    await t?.close();
  });

  it('covers every route scheduling registers, each with a declared policy', () => {
    expect(declaredRoutes(SchedulingModule).filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(17);
  });

  describe.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
    it.each(['none', 'expired', 'wrong-audience', 'unknown-key'] as const)('refuses an assertion that is %s with 401, changing nothing', async (kind) => {
      const actor = actorOf('hq-admin');
      const now = Math.floor(Date.now() / 1000);
      const assertion = {
        none: undefined,
        expired: new GatewayAssertionSigner(KID, keys.privateKey, () => now - 600).sign(actor, 'scheduling'),
        'wrong-audience': keys.signer.sign(actor, 'intake'),
        'unknown-key': generateAssertionKeyPair('someone-else').signer.sign(actor, 'scheduling'),
      }[kind];
      const before = await counts();
      const res = await call(route, pathOf(route, HOME), assertion);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await counts()).toEqual(before);
    });

    it.each([...ROLES])('%s at its own location: as the permission table says', async (role) => {
      const scope = scopeOf(role, route.policy.permission);
      // A route naming no location is reached only through an any-location grant.
      const granted = scope === 'any-location' || (scope === 'own-location' && route.policy.locationParam !== null);
      const before = await counts();
      const res = await call(route, pathOf(route, HOME), keys.signer.sign(actorOf(role), 'scheduling'));
      if (!granted) {
        expect({ role, status: res.status }).toEqual({ role, status: 403 });
        expect(await counts()).toEqual(before);
      } else {
        // Let through: an empty body fails validation, a GET answers, an id that names nothing is not found.
        expect({ role, status: res.status }).toEqual({ role, status: expect.any(Number) });
        expect([401, 403]).not.toContain(res.status);
        expect(res.status).toBeLessThan(500);
      }
    });

    it('refuses a location other than the actor’s with 403, changing nothing', async () => {
      if (route.policy.locationParam === null) return;
      const before = await counts();
      for (const role of ROLES.filter((r) => r !== 'hq-admin')) {
        const res = await call(route, pathOf(route, AWAY), keys.signer.sign(actorOf(role, HOME), 'scheduling'));
        expect({ role, status: res.status }).toEqual({ role, status: 403 });
      }
      expect(await counts()).toEqual(before);
    });

    it('answers 404 for another location’s therapist under the actor’s own location path', async () => {
      if (!route.path.includes(':therapistId') || route.method !== 'GET') return;
      const res = await call(route, pathOf(route, HOME, AWAY), keys.signer.sign(actorOf('location-manager', HOME), 'scheduling'));
      expect(res.status).toBe(404);
    });
  });
});
