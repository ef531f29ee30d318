import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { declaredRoutes, generateAssertionKeyPair, type DeclaredRoute } from '@massage/platform-security';
import { ROLES, scopeOf, type Actor, type ProtectedRoutePolicy, type Role } from '@massage/security';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AuthTokens, type AuthTokenConfig } from './auth/auth-token';
import { RevocationList } from './auth/revocation-list';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config';
import { configureGateway } from './gateway-http';
import { GatewayModule } from './gateway.module';
import { GATEWAY_ASSERTION_SIGNER } from './http/service.client';

/**
 * The gateway's BOLA matrix, generated from its route declarations (a new route is covered by construction):
 * every protected route × {no token, expired, wrong audience, alg none, tampered signature, unknown key, revoked,
 * each role at its own location, another location}. A refusal forwards nothing to the services; what is let
 * through is decided again by the service (intake's matrix: libs/intake/feature/src/lib/access-matrix.int.spec.ts).
 */
const SECRET = 'matrix-secret-'.padEnd(40, 'm');
const HOME = 'downtown';
const AWAY = 'uptown';
const IDS: Record<string, string> = {
  clientId: '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14',
  intakeId: '0b7e9d2c-1f3a-4e8b-8c6d-5a4f3e2d1c0b',
  clearanceId: '9d3c1b2a-7e6f-4a5b-8c9d-0e1f2a3b4c5d',
  version: '2026.1',
  therapistId: '2c4e6a8b-0d1f-4a3c-8e5b-7d9f1a3c5e7b',
  appointmentId: '8a6c4e2f-0b1d-4f3a-9c5e-7b9d1f3a5c7e',
  technique: 'deep-tissue',
  entryId: '4d2b0f8e-6c4a-4e2d-8b0f-9e7c5a3b1d0f',
  planId: '1e3c5a7b-9d0f-4b2d-8f4a-6c8e0a2b4d6f',
  messageId: '5c7e9a1b-3d5f-4a7c-9e1b-3d5f7a9c1e3b',
};
/** A query the route needs to be forwarded at all (the matrix sends no other input). */
const QUERIES: Record<string, string> = {
  '/v1/locations/:locationId/availability': `?serviceId=${IDS['clientId']}&from=2026-03-09&to=2026-03-13`,
};
/** Routes whose empty body is a whole request (a step such as check-in, a certification without dates): let through, they are forwarded. */
const FORWARDED_WITHOUT_INPUT = new Set([
  'POST /v1/locations/:locationId/appointments/:appointmentId/check-in',
  'POST /v1/locations/:locationId/appointments/:appointmentId/complete',
  'POST /v1/locations/:locationId/appointments/:appointmentId/no-show',
  'PUT /v1/locations/:locationId/therapists/:therapistId/certifications/:technique',
  'POST /v1/locations/:locationId/waitlist/:entryId/leave',
  'POST /v1/locations/:locationId/waitlist/:entryId/offer/accept',
  'POST /v1/locations/:locationId/waitlist/:entryId/offer/decline',
  'POST /v1/locations/:locationId/clients/:clientId/plans/:planId/complete',
  'POST /v1/locations/:locationId/clients/:clientId/sessions/:appointmentId/note/sign',
  'POST /v1/locations/:locationId/clients/:clientId/messages/:messageId/resend',
]);
const nameOf = (route: DeclaredRoute): string => `${route.method} ${route.path}`;
/** Whether the gateway forwards the matrix's request once the policy lets it through (otherwise its validation answers 400 first). */
const forwardedWhenAllowed = (route: DeclaredRoute): boolean => route.method === 'GET' || FORWARDED_WITHOUT_INPUT.has(nameOf(route));
/** The FHIR record is composed from intake's and treatment's parts (ADR 0023): its route asks two services. */
const COMPOSED = /\/clients\/([^/]+)\/(?:record\/fhir|fhir-record)$/;
const upstreamCalls = (route: DeclaredRoute): number => (COMPOSED.test(route.path.replace(':clientId', 'c')) ? 2 : 1);
const tokenConfig: AuthTokenConfig = { keys: new Map([['k1', Buffer.from(SECRET)]]), signingKeyId: 'k1', maxTtlSeconds: 3600 };
const tokens = new AuthTokens(tokenConfig);
const revokedToken = tokens.issue({ subject: 'fd-revoked', role: 'front-desk', locationId: HOME });
const actorOf = (role: Role, locationId = HOME): Actor => (role === 'hq-admin' ? { subject: 'hq-1', role, locationId: '*' } : { subject: `${role}-1`, role, locationId });

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
function forged(kind: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: 'massage-franchise', aud: 'massage-gateway', sub: 'x', role: 'front-desk', loc: HOME, iat: now, exp: now + 60, jti: randomUUID() };
  const hs = (header: object, body: object, secret = SECRET): string => {
    const unsigned = `${b64(header)}.${b64(body)}`;
    return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
  };
  switch (kind) {
    case 'expired':
      return hs({ alg: 'HS256', kid: 'k1' }, { ...claims, iat: now - 7200, exp: now - 3600 });
    case 'wrong-audience':
      return hs({ alg: 'HS256', kid: 'k1' }, { ...claims, aud: 'intake' });
    case 'alg-none':
      return `${b64({ alg: 'none', kid: 'k1' })}.${b64(claims)}.`;
    case 'tampered': {
      const [header, , signature] = hs({ alg: 'HS256', kid: 'k1' }, claims).split('.');
      return `${header}.${b64({ ...claims, role: 'hq-admin', loc: '*' })}.${signature}`;
    }
    case 'unknown-key':
      return hs({ alg: 'HS256', kid: 'k9' }, claims, 'k9-secret'.padEnd(40, '9'));
    default:
      return revokedToken;
  }
}

describe('gateway access matrix (from the route declarations)', () => {
  let upstream: Server;
  let forwarded: string[];
  /** What the services answer: as if they allowed, or (a condition on data failing) refused as a service does. */
  let settled: 'allowed' | 'refused';
  let app: NestExpressApplication;
  let quiet: jest.SpyInstance[];
  const routes = declaredRoutes(GatewayModule).filter((r): r is DeclaredRoute & { policy: ProtectedRoutePolicy } => r.policy?.kind === 'protected');

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      forwarded.push(`${req.method} ${req.url}`);
      if (settled === 'refused') {
        res.writeHead(403, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Not allowed: the client is not in the actor’s care.' }));
        return;
      }
      const part = COMPOSED.exec(req.url ?? '');
      const body = part ? { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: part[1] } }] } : { items: [] };
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const service = { url: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, timeoutMs: 2_000 };
    const config: GatewayConfig = { services: { intake: service, scheduling: service, treatment: service, notification: service }, tokens: tokenConfig, rateLimit: { perTokenPerMinute: 100_000, perAddressPerMinute: 100_000 }, requestTimeoutMs: 10_000 };
    const moduleRef = await Test.createTestingModule({ imports: [GatewayModule] })
      .overrideProvider(GATEWAY_CONFIG)
      .useValue(config)
      .overrideProvider(GATEWAY_ASSERTION_SIGNER)
      .useValue(generateAssertionKeyPair('k').signer)
      .overrideProvider(RevocationList)
      .useValue(new RevocationList(new Set([tokens.verify(revokedToken).jti])))
      .compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    configureGateway(app);
    await app.init();
    quiet = [jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined), jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined)];
  });
  afterAll(async () => {
    quiet?.forEach((q) => q.mockRestore());
    await app?.close();
    upstream?.close();
  });
  beforeEach(() => {
    forwarded = [];
    settled = 'allowed';
  });

  const call = (route: DeclaredRoute, location: string, token?: string): request.Test => {
    const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const value = name === 'locationId' ? location : IDS[name];
      if (value === undefined) throw new Error(`the matrix has no value for :${name} (${route.path})`);
      return value;
    });
    const server = request(app.getHttpServer());
    const req = route.method === 'POST' ? server.post(path).send({}) : route.method === 'PUT' ? server.put(path).send({}) : server.get(`${path}${QUERIES[route.path] ?? ''}`);
    req.set('idempotency-key', randomUUID());
    return token === undefined ? req : req.set('authorization', `Bearer ${token}`);
  };

  it('covers the routes the gateway registers', () => {
    expect(routes.length).toBeGreaterThanOrEqual(6);
    expect([...FORWARDED_WITHOUT_INPUT].filter((name) => !routes.some((r) => nameOf(r) === name))).toEqual([]);
    expect(Object.keys(QUERIES).filter((path) => !routes.some((r) => r.path === path))).toEqual([]);
  });

  describe.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
    it.each(['none', 'expired', 'wrong-audience', 'alg-none', 'tampered', 'unknown-key', 'revoked'])('a token that is %s → 401, nothing forwarded', async (kind) => {
      const res = await call(route, HOME, kind === 'none' ? undefined : forged(kind));
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(forwarded).toEqual([]);
    });

    it.each([...ROLES])('%s at its own location → as the permission table says', async (role) => {
      const res = await call(route, HOME, tokens.issue(actorOf(role)));
      if (!scopeOf(role, route.policy.permission)) {
        expect(res.status).toBe(403);
        expect(forwarded).toEqual([]);
      } else if (!forwardedWhenAllowed(route)) {
        expect(res.status).toBe(400); // let through the policy; an empty body then fails validation before forwarding
        expect(forwarded).toEqual([]);
      } else {
        expect(res.status).toBe(route.method === 'POST' ? 201 : 200);
        expect(forwarded).toHaveLength(upstreamCalls(route));
      }
    });

    const condition = scopeOf('therapist', route.policy.permission);
    if ((condition === 'in-care' || condition === 'own-sessions') && forwardedWhenAllowed(route)) {
      it(`a therapist the service finds not ${condition === 'in-care' ? 'in the client’s care' : 'giving the session'} → its 403 relayed as problem+json`, async () => {
        settled = 'refused';
        const res = await call(route, HOME, tokens.issue(actorOf('therapist')));
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(forwarded).toHaveLength(upstreamCalls(route));
      });
    }

    if (route.policy.locationParam !== null) {
      it('another location → 403 for every role but hq-admin, nothing forwarded', async () => {
        for (const role of ROLES.filter((r) => r !== 'hq-admin')) {
          const res = await call(route, AWAY, tokens.issue(actorOf(role)));
          expect({ role, status: res.status }).toEqual({ role, status: 403 });
        }
        expect(forwarded).toEqual([]);
      });
    } else {
      it('names no location: only a grant for every location lets a role through, wherever its token is from', async () => {
        for (const role of ROLES.filter((r) => r !== 'hq-admin')) {
          const res = await call(route, AWAY, tokens.issue(actorOf(role, AWAY)));
          const allowed = scopeOf(role, route.policy.permission) === 'any-location';
          expect({ role, status: res.status }).toEqual({ role, status: !allowed ? 403 : !forwardedWhenAllowed(route) ? 400 : route.method === 'POST' ? 201 : 200 });
        }
        expect(forwarded.length).toBe(forwardedWhenAllowed(route) ? ROLES.filter((r) => r !== 'hq-admin' && scopeOf(r, route.policy.permission) === 'any-location').length * upstreamCalls(route) : 0);
      });
    }
  });
});
