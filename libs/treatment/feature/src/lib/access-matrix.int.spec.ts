import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { declaredRoutes, GATEWAY_ASSERTION_HEADER, generateAssertionKeyPair, type DeclaredRoute } from '@massage/platform-security';
import { ROLES, scopeOf, type Actor, type ProtectedRoutePolicy, type Role } from '@massage/security';
import request from 'supertest';
import { TreatmentModule } from './treatment.module';
import { startTreatmentTestApp, type TreatmentTestApp } from './testing/treatment-test-app';

jest.setTimeout(120_000);

/**
 * Treatment's access matrix, generated from the routes' own declarations (a new route is covered the day it is
 * added): every protected route × {no assertion, each role at its own location, each role at another location},
 * about a client nobody has in care. Front desk has no treatment permission at all; a therapist reaches a record
 * only in care or in their own session, so none here, and only their own day (which lists nothing of anyone else's).
 * Refusals write nothing but the audit trail.
 */
const HOME = 'downtown';
const AWAY = 'uptown';
const keys = generateAssertionKeyPair('treatment-matrix');
const actorOf = (role: Role, locationId = HOME): Actor => (role === 'hq-admin' ? { subject: 'hq-1', role, locationId: '*' } : { subject: `${role}-1@${locationId}`, role, locationId });

describe('treatment access matrix (from the route declarations, PostgreSQL)', () => {
  let t: TreatmentTestApp;
  let quiet: jest.SpyInstance;
  const routes = declaredRoutes(TreatmentModule).filter((r): r is DeclaredRoute & { policy: ProtectedRoutePolicy } => r.policy?.kind === 'protected');

  const written = async (): Promise<unknown> =>
    (
      await t.pg.query(
        `SELECT (SELECT count(*) FROM treatment_plan)::int AS plans, (SELECT count(*) FROM session_note)::int AS notes,
                (SELECT count(*) FROM outbox WHERE topic <> 'audit.v1')::int AS events`,
      )
    ).rows[0];

  const call = (route: DeclaredRoute, location: string, actor?: Actor): request.Test => {
    const path = route.path.replace(':locationId', location).replace(/:(clientId|planId|appointmentId)/g, () => randomUUID());
    const http = request(t.baseUrl);
    const req = route.method === 'POST' ? http.post(path).send({}) : route.method === 'PUT' ? http.put(path).send({}) : http.get(path);
    req.set('idempotency-key', randomUUID());
    return actor ? req.set(GATEWAY_ASSERTION_HEADER, keys.signer.sign(actor, 'treatment')) : req;
  };

  beforeAll(async () => {
    t = await startTreatmentTestApp('treat_matrix', { gatewayPublicKeysJson: keys.publicKeysJson, now: '2026-03-02T15:00:00Z', logger: false });
    quiet = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterAll(async () => {
    quiet?.mockRestore();
    await t?.close();
  });

  it("covers every route of the service, each naming the client it is about but the therapist's own day", () => {
    expect(routes.length).toBe(declaredRoutes(TreatmentModule).filter((r) => !r.path.startsWith('/health')).length);
    const clientless = routes.filter((r) => (r.policy.clientParam ?? r.policy.sessionParam) === undefined);
    expect(clientless.map((r) => `${r.method} ${r.path} ${r.policy.permission}`)).toEqual(['GET /locations/:locationId/therapists/me/sessions session:list-own']);
  });

  it('refuses what the permission table refuses, and lets the rest reach the handler', async () => {
    const before = await written();
    const unexpected: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      if ((await call(route, HOME)).status !== 401) unexpected.push(`${name} without an assertion`);
      for (const role of ROLES) {
        const scope = scopeOf(role, route.policy.permission);
        // No grant, or one that needs a care relationship or the session (nobody has either here): refused.
        const refused = !scope || scope === 'in-care' || scope === 'own-sessions';
        const home = (await call(route, HOME, actorOf(role))).status;
        if ((home === 403) !== refused) unexpected.push(`${name} as ${role}: ${home}`);
        if (role === 'front-desk' && home !== 403) unexpected.push(`${name} reached by the front desk`);
        if (role !== 'hq-admin') {
          const away = (await call(route, AWAY, actorOf(role, HOME))).status;
          if (away !== 403) unexpected.push(`${name} as ${role} of ${HOME} at ${AWAY}: ${away}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(await written()).toEqual(before);
  });

  it('answers a location scheduling never opened with 404 unknown-location on every route, for everyone the guard lets through', async () => {
    const before = await written();
    for (const route of routes) {
      const letThrough = [actorOf('location-manager', 'nowhere'), actorOf('hq-admin'), actorOf('therapist', 'nowhere')].filter((a) => ['own-location', 'any-location'].includes(scopeOf(a.role as Role, route.policy.permission) ?? ''));
      expect(letThrough.length).toBeGreaterThan(0);
      for (const actor of letThrough) {
        const res = await call(route, 'nowhere', actor);
        expect([`${route.method} ${route.path}`, res.status, res.body.type]).toEqual([`${route.method} ${route.path}`, 404, expect.stringMatching(/unknown-location$/)]);
      }
    }
    expect(await written()).toEqual(before);
  });
});
