import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { exampleSubmitIntakeRequest, type ClearanceResponse, type ClientResponse, type IntakeResponse } from '@massage/intake-api';
import { declaredRoutes, GATEWAY_ASSERTION_HEADER, GatewayAssertionSigner, generateAssertionKeyPair, type DeclaredRoute } from '@massage/platform-security';
import { ROLES, scopeOf, type Actor, type ProtectedRoutePolicy, type Role } from '@massage/security';
import { IntakeModule } from './intake.module';
import { startIntakeTestApp } from './testing/intake-test-app';

jest.setTimeout(60_000);

/**
 * The BOLA matrix of intake, generated from the routes' own declarations (so a new route is covered the day it
 * is added): every protected route × {no assertion, expired, wrong audience, alg none, tampered signature,
 * unknown key, each role at its own location, another location, another location's ids under one's own path, a
 * location scheduling never opened},
 * on the real module and database. Every refusal leaves the data and its events as they were (the audit trail
 * records refusals: that is the one change a refusal makes).
 */
const HOME = 'downtown-toronto';
const AWAY = 'uptown-ottawa';
/** A well-formed code no LocationOpened ever named. */
const UNKNOWN = 'nowhere-known';
const KID = 'matrix';
const keys = generateAssertionKeyPair(KID);

const actorOf = (role: Role, locationId = HOME): Actor => (role === 'hq-admin' ? { subject: 'hq-1', role, locationId: '*' } : { subject: `${role}-1@${locationId}`, role, locationId });
const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** Assertions no gateway would sign, built by hand. */
function forged(kind: 'expired' | 'wrong-audience' | 'alg-none' | 'tampered' | 'unknown-key', actor: Actor): string {
  const now = Math.floor(Date.now() / 1000);
  if (kind === 'expired') return new GatewayAssertionSigner(KID, keys.privateKey, () => now - 600).sign(actor, 'intake');
  if (kind === 'wrong-audience') return keys.signer.sign(actor, 'notification');
  if (kind === 'unknown-key') return generateAssertionKeyPair('someone-else').signer.sign(actor, 'intake');
  const claims = { iss: 'massage-gateway', aud: 'intake', sub: actor.subject, role: actor.role, loc: actor.locationId, iat: now, exp: now + 60, jti: randomUUID() };
  if (kind === 'alg-none') return `${b64({ alg: 'none', kid: KID })}.${b64(claims)}.`;
  // A valid signature over a front desk's claims, with the claims swapped for hq-admin's.
  const unsigned = `${b64({ alg: 'EdDSA', kid: KID })}.${b64(claims)}`;
  const signature = sign(null, Buffer.from(unsigned), createPrivateKey(keys.privateKey.export({ type: 'pkcs8', format: 'pem' }))).toString('base64url');
  return `${b64({ alg: 'EdDSA', kid: KID })}.${b64({ ...claims, role: 'hq-admin', loc: '*' })}.${signature}`;
}

describe('intake access matrix (from the route declarations, PostgreSQL)', () => {
  let pg: Client;
  let app: INestApplication;
  let close: () => Promise<void>;
  let quiet: jest.SpyInstance;
  const seeded: Record<string, { client: ClientResponse; intake: IntakeResponse; clearance: ClearanceResponse }> = {};

  const routes = declaredRoutes(IntakeModule).filter((r): r is DeclaredRoute & { policy: ProtectedRoutePolicy } => r.policy?.kind === 'protected');

  const counts = async (): Promise<unknown> =>
    (
      await pg.query(
        `SELECT (SELECT count(*) FROM client)::int AS clients, (SELECT count(*) FROM intake)::int AS intakes, (SELECT count(*) FROM outbox WHERE topic NOT LIKE 'audit%')::int AS outbox,
                (SELECT count(*) FROM screening_result)::int AS screenings, (SELECT count(*) FROM rule_table_version)::int AS rule_tables,
                (SELECT count(*) FROM clearance)::int AS clearances, (SELECT count(*) FROM clearance WHERE status <> 'requested')::int AS recorded_clearances`,
      )
    ).rows[0];

  /** What was seeded at `owner`'s location. */
  const seededAt = (owner: string): (typeof seeded)[string] => {
    const ids = seeded[owner];
    if (!ids) throw new Error(`nothing seeded for ${owner}`);
    return ids;
  };
  /** The route's path with the location and the ids of `owner`'s seeded client, intake and clearance (and the seeded rule-table version). */
  const pathOf = (route: DeclaredRoute, location: string, owner = location): string => {
    const ids = seededAt(owner);
    return route.path
      .replace(':locationId', location)
      .replace(':clientId', ids.client.id)
      .replace(':intakeId', ids.intake.id)
      .replace(':clearanceId', ids.clearance.id)
      .replace(':version', '2026.1');
  };
  /** Franchise-wide routes (the rule table) name no location: only an `any-location` grant reaches them. */
  const locationFree = (route: DeclaredRoute & { policy: ProtectedRoutePolicy }): boolean => route.policy.locationParam === null;

  const call = (route: DeclaredRoute, path: string, assertion?: string): request.Test => {
    const req = route.method === 'POST' ? request(app.getHttpServer()).post(path).send({}) : request(app.getHttpServer()).get(path);
    req.set('idempotency-key', randomUUID());
    return assertion === undefined ? req : req.set(GATEWAY_ASSERTION_HEADER, assertion);
  };

  beforeAll(async () => {
    ({ pg, app, close } = await startIntakeTestApp('intake_matrix', keys.publicKeysJson, false));
    quiet = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    for (const location of [HOME, AWAY]) {
      // One assertion per request: services refuse a replayed one.
      const manager = (): string => keys.signer.sign(actorOf('location-manager', location), 'intake');
      const client = await request(app.getHttpServer())
        .post(`/locations/${location}/clients`)
        .set(GATEWAY_ASSERTION_HEADER, manager())
        .set('idempotency-key', randomUUID())
        .send({ givenName: 'Ada', familyName: 'Lovelace', email: `ada-${location}@example.com`, preferredChannel: 'email', dateOfBirth: '1985-12-10' })
        .expect(201);
      const intake = await request(app.getHttpServer())
        .post(`/locations/${location}/clients/${(client.body as ClientResponse).id}/intakes`)
        .set(GATEWAY_ASSERTION_HEADER, manager())
        .set('idempotency-key', randomUUID())
        .send(exampleSubmitIntakeRequest(new Date(Date.now() - 60_000).toISOString()))
        .expect(201);
      const clearance = await request(app.getHttpServer())
        .post(`/locations/${location}/clients/${(client.body as ClientResponse).id}/clearances`)
        .set(GATEWAY_ASSERTION_HEADER, manager())
        .set('idempotency-key', randomUUID())
        .send({ rules: ['ONC_TX'], providerName: 'Dr. Grace Hopper' })
        .expect(201);
      seeded[location] = { client: client.body as ClientResponse, intake: intake.body as IntakeResponse, clearance: clearance.body as ClearanceResponse };
    }
  });

  afterAll(async () => {
    quiet?.mockRestore();
    await close?.();
  });

  it('covers every route intake registers, each with a declared policy', () => {
    const all = declaredRoutes(IntakeModule);
    expect(all.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(5);
  });

  describe.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
    it.each(['none', 'expired', 'wrong-audience', 'alg-none', 'tampered', 'unknown-key'] as const)('refuses an assertion that is %s with 401, changing nothing', async (kind) => {
      const before = await counts();
      const res = await call(route, pathOf(route, HOME), kind === 'none' ? undefined : forged(kind, actorOf('front-desk')));
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await counts()).toEqual(before);
    });

    it.each([...ROLES])('%s at its own location: as the permission table says', async (role) => {
      const scope = scopeOf(role, route.policy.permission);
      const before = await counts();
      const res = await call(route, pathOf(route, HOME), keys.signer.sign(actorOf(role), 'intake'));
      if (!scope || scope === 'in-care' || scope === 'own-sessions' || (locationFree(route) && scope !== 'any-location')) {
        // Not granted, or granted only for clients in one's care (none yet): refused, nothing changed.
        expect(res.status).toBe(403);
        expect(await counts()).toEqual(before);
      } else {
        // Let through (a POST with an empty body then fails validation; a GET answers).
        expect(res.status).toBe(route.method === 'POST' ? 400 : 200);
      }
    });

    it('refuses a location other than the actor’s with 403, changing nothing', async () => {
      if (locationFree(route)) return; // no location to be other than the actor's: covered by the role test above
      const before = await counts();
      for (const role of ROLES.filter((r) => r !== 'hq-admin')) {
        const res = await call(route, pathOf(route, AWAY), keys.signer.sign(actorOf(role, HOME), 'intake'));
        expect({ role, status: res.status }).toEqual({ role, status: 403 });
      }
      expect(await counts()).toEqual(before);
    });

    it('answers 404 unknown-location for a location scheduling never opened, to every role let through there, changing nothing', async () => {
      if (locationFree(route)) return; // names no location
      const before = await counts();
      const letThrough = ROLES.filter((role) => ['any-location', 'own-location'].includes(scopeOf(role, route.policy.permission) ?? ''));
      for (const role of letThrough) {
        const res = await call(route, pathOf(route, UNKNOWN, HOME), keys.signer.sign(actorOf(role, UNKNOWN), 'intake'));
        expect({ role, status: res.status, type: (res.body as { type?: string }).type }).toEqual({ role, status: 404, type: 'https://massage.example/problems/unknown-location' });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(await counts()).toEqual(before);
    });

    it('answers 404 for another location’s ids under the actor’s own location path, changing nothing', async () => {
      if (!route.path.includes(':clientId')) return;
      const before = await counts();
      for (const role of ['location-manager', 'hq-admin'] as const) {
        const res = await call(route, pathOf(route, HOME, AWAY), keys.signer.sign(actorOf(role, HOME), 'intake'));
        expect({ role, status: res.status }).toEqual({ role, status: route.method === 'POST' ? 400 : 404 });
      }
      expect(await counts()).toEqual(before);
    });
  });

  it('lets a therapist read the health history of a client in their care only', async () => {
    const therapist = actorOf('therapist');
    const readable = routes.filter((r) => r.method === 'GET' && scopeOf('therapist', r.policy.permission) === 'in-care');
    expect(readable.length).toBeGreaterThan(0);
    for (const route of readable) expect((await call(route, pathOf(route, HOME), keys.signer.sign(therapist, 'intake'))).status).toBe(403);
    await pg.query(`INSERT INTO care_relationship (therapist_subject, client_id, location_id) VALUES ($1, $2, $3)`, [therapist.subject, seededAt(HOME).client.id, HOME]);
    for (const route of readable) expect((await call(route, pathOf(route, HOME), keys.signer.sign(therapist, 'intake'))).status).toBe(200);
    // In care at home does not reach the other location's client.
    for (const route of readable) expect((await call(route, pathOf(route, HOME, AWAY), keys.signer.sign(therapist, 'intake'))).status).toBe(403);
  });
});
