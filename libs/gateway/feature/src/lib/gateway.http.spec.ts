import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exampleSubmitIntakeRequest, type RegisterClientRequest, type SubmitIntakeRequest } from '@massage/intake-api';
import { ProblemDetailsFilter } from '@massage/platform';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { generateAssertionKeyPair, GatewayAssertionVerifier } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { AuthTokens, type AuthTokenConfig } from './auth/auth-token';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config';
import { GATEWAY_ASSERTION_SIGNER } from './http/service.client';
import { configureGateway, GATEWAY_BODY_LIMIT } from './gateway-http';
import { GatewayModule } from './gateway.module';

/**
 * The gateway at its HTTP boundary: the Nest app as main.ts builds it, in front of a real HTTP
 * server standing in for intake that records every request it receives.
 */
interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const SECRET = 'test-secret-' + 'x'.repeat(32);
const CLIENT_ID = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14';
const INTAKE_ID = '0b7e9d2c-1f3a-4e8b-8c6d-5a4f3e2d1c0b';

const registration: RegisterClientRequest = {
  givenName: 'Ada',
  familyName: 'Lovelace',
  email: 'ada@example.com',
  preferredChannel: 'email',
  dateOfBirth: '1985-12-10',
};

const intakeForm = (): SubmitIntakeRequest => {
  const form = exampleSubmitIntakeRequest('2026-11-27T10:15:00Z');
  form.answers.conditions = [{ code: 'osteoporosis', regions: [], qualifiers: [], note: 'diagnosed 2019' }];
  form.answers.medications = [{ class: 'anticoagulant', name: 'warfarin' }];
  form.answers.pregnancy = { weeks: 20, riskFactors: [] };
  form.answers.painAreas = [
    { region: 'lower-back', rating: 7 },
    { region: 'neck', rating: 0 },
  ];
  return form;
};

const CALLER_CORRELATION = '5b0e6f0e-8d0b-4a8e-9a53-2f4f1c7d9e10';

describe('gateway HTTP boundary', () => {
  let intake: Server;
  let received: Received[];
  let answer: (r: Received) => { status: number; type?: string; body?: unknown };
  let app: NestExpressApplication;
  let http: ReturnType<typeof request>;
  const tokenConfig: AuthTokenConfig = { keys: new Map([['k1', Buffer.from(SECRET)]]), signingKeyId: 'k1', maxTtlSeconds: 3600 };
  const tokens = new AuthTokens(tokenConfig);
  const bearer = (actor: Partial<Actor> = {}): string => `Bearer ${tokens.issue({ subject: 'fd-1', locationId: 'downtown', role: 'front-desk', ...actor })}`;
  const assertionKeys = generateAssertionKeyPair('test-key');
  /** What intake would verify: the actor the gateway's assertion names (audience intake). */
  const assertedActor = (r: Received): Actor => new GatewayAssertionVerifier('intake', new Map([['test-key', assertionKeys.publicKey]])).verify(String(r.headers['x-gateway-assertion']));

  beforeAll(async () => {
    intake = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        received.push(r);
        const { status, type = 'application/json', body } = answer(r);
        res.writeHead(status, { 'content-type': type }).end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
    intake.listen(0, '127.0.0.1');
    await once(intake, 'listening');
    const upstream = { url: `http://127.0.0.1:${(intake.address() as AddressInfo).port}`, timeoutMs: 2_000 };
    const config: GatewayConfig = { services: { intake: upstream, scheduling: upstream, treatment: upstream, notification: upstream }, tokens: tokenConfig, rateLimit: { perTokenPerMinute: 10_000, perAddressPerMinute: 10_000 }, requestTimeoutMs: 10_000 };

    const moduleRef = await Test.createTestingModule({ imports: [GatewayModule] }).overrideProvider(GATEWAY_CONFIG).useValue(config).overrideProvider(GATEWAY_ASSERTION_SIGNER).useValue(assertionKeys.signer).compile();
    // What createHttpService (libs/platform) does, then main.ts's configure step.
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    app.useBodyParser('json', { limit: GATEWAY_BODY_LIMIT, strict: true });
    app.useGlobalFilters(new ProblemDetailsFilter());
    configureGateway(app);
    await app.init();
    http = request(app.getHttpServer());
  });

  afterAll(async () => {
    await app?.close();
    intake?.close();
  });

  beforeEach(() => {
    received = [];
    answer = (r) => ({ status: r.method === 'POST' ? 201 : 200, body: { id: CLIENT_ID, echo: true } });
  });

  describe('forwarding', () => {
    it('forwards a valid registration to intake with the location in the path, a signed assertion naming the actor, a correlation id and the body unchanged', async () => {
      const res = await http.post('/v1/locations/downtown/clients').set('authorization', bearer()).set('idempotency-key', 'retry-me-1').send(registration);

      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: CLIENT_ID, echo: true });
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ method: 'POST', url: '/locations/downtown/clients' });
      expect(assertedActor(received[0])).toEqual({ subject: 'fd-1', role: 'front-desk', locationId: 'downtown' });
      expect(received[0].headers['authorization']).toBeUndefined();
      expect(received[0].headers['content-type']).toBe('application/json');
      expect(received[0].headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['x-correlation-id']).toBe(received[0].headers['x-correlation-id']);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(JSON.parse(received[0].body)).toEqual(registration);
      expect(received[0].headers['idempotency-key']).toBe('retry-me-1');
    });

    it('refuses a creating POST without an Idempotency-Key: 400 problem+json naming the header, nothing forwarded', async () => {
      const res = await http.post('/v1/locations/downtown/clients').set('authorization', bearer()).send(registration);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body['invalid-params']).toEqual([expect.objectContaining({ name: 'Idempotency-Key' })]);
      expect(received).toHaveLength(0);
    });

    it('forwards a valid intake unchanged and keeps the caller’s correlation id', async () => {
      const form = intakeForm();
      const res = await http
        .post(`/v1/locations/downtown/clients/${CLIENT_ID}/intakes`)
        .set('authorization', bearer())
        .set('idempotency-key', 'intake-1')
        .set('x-correlation-id', CALLER_CORRELATION)
        .send(form);

      expect(res.status).toBe(201);
      expect(res.headers['x-correlation-id']).toBe(CALLER_CORRELATION);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ method: 'POST', url: `/locations/downtown/clients/${CLIENT_ID}/intakes` });
      expect(received[0].headers).toMatchObject({ 'x-correlation-id': CALLER_CORRELATION });
      expect(JSON.parse(received[0].body)).toEqual(form);
    });

    it('replaces a correlation id that is not a uuid, since it travels on public topics', async () => {
      const res = await http
        .post(`/v1/locations/downtown/clients/${CLIENT_ID}/intakes`)
        .set('authorization', bearer())
        .set('idempotency-key', 'intake-2')
        .set('x-correlation-id', 'lovelace-ada-warfarin')
        .send(intakeForm());

      expect(res.status).toBe(201);
      expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(received[0]?.headers['x-correlation-id']).toBe(res.headers['x-correlation-id']);
    });

    it("passes intake's 4xx problem+json through, and hides intake's 5xx behind a 502 problem+json", async () => {
      const notFound = { type: 'https://massage.example/problems/404', title: 'Not Found', status: 404, detail: 'No such client.', instance: `/clients/${CLIENT_ID}` };
      answer = () => ({ status: 404, type: 'application/problem+json', body: notFound });
      const missing = await http.get(`/v1/locations/downtown/clients/${CLIENT_ID}`).set('authorization', bearer());
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.body).toEqual({ ...notFound, instance: `/v1/locations/downtown/clients/${CLIENT_ID}` });

      answer = () => ({ status: 500, body: { secret: 'stack trace' } });
      const failed = await http.get(`/v1/locations/downtown/clients/${CLIENT_ID}`).set('authorization', bearer());
      expect(failed.status).toBe(502);
      expect(failed.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(failed.body)).not.toContain('stack trace');
    });

    it('audit-logs every read of an intake: who, what, when', async () => {
      const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      try {
        const res = await http.get(`/v1/locations/downtown/clients/${CLIENT_ID}/intakes/${INTAKE_ID}`).set('authorization', bearer({ subject: 'therapist-7', role: 'therapist' }));
        expect(res.status).toBe(200);
        expect(received[0].url).toBe(`/locations/downtown/clients/${CLIENT_ID}/intakes/${INTAKE_ID}`);
        const audit = log.mock.calls.filter((_, i) => (log.mock.contexts[i] as { context?: string }).context === 'Audit').map(([line]) => JSON.parse(String(line)) as unknown);
        expect(audit).toEqual([
          {
            audit: 'health-data.read',
            at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
            who: { sub: 'therapist-7', role: 'therapist', location: 'downtown' },
            what: { action: 'intake.read', locationId: 'downtown', clientId: CLIENT_ID, intakeId: INTAKE_ID },
            outcome: { status: 200, disclosed: true },
            correlationId: res.headers['x-correlation-id'],
          },
        ]);
      } finally {
        log.mockRestore();
      }
    });
  });

  describe('refuses bad input before anything reaches intake', () => {
    const submit = (body: unknown) =>
      http.post(`/v1/locations/downtown/clients/${CLIENT_ID}/intakes`).set('authorization', bearer()).set('content-type', 'application/json').send(body as object);
    const withForm = (change: (form: Record<string, unknown>, answers: Record<string, unknown>) => void): Record<string, unknown> => {
      const form = intakeForm() as unknown as Record<string, unknown>;
      change(form, form['answers'] as Record<string, unknown>);
      return form;
    };

    it.each([
      ['an unknown field', 'favouriteColour', withForm((f) => (f['favouriteColour'] = 'blue'))],
      ['an unknown nested field', 'consent.witness', withForm((f) => ((f['consent'] as Record<string, unknown>)['witness'] = 'Bob'))],
      ['an unknown form version', 'formVersion', withForm((f) => (f['formVersion'] = 'intake-2099-01'))],
      ['a retired form version (v1)', 'formVersion', withForm((f) => (f['formVersion'] = '2026.1'))],
      ['a v1 body', 'answers', withForm((f) => delete f['answers'])],
      ['a wrong type', 'answers.painAreas.0.rating', withForm((_, a) => (a['painAreas'] = [{ region: 'neck', rating: '7' }]))],
      ['a pain rating of 11', 'answers.painAreas.0.rating', withForm((_, a) => (a['painAreas'] = [{ region: 'neck', rating: 11 }]))],
      ['a fractional pain rating', 'answers.painAreas.0.rating', withForm((_, a) => (a['painAreas'] = [{ region: 'neck', rating: 2.5 }]))],
      ['an unknown body region', 'answers.painAreas.0.region', withForm((_, a) => (a['painAreas'] = [{ region: 'tail', rating: 2 }]))],
      ['consent not given', 'consent.given', withForm((f) => ((f['consent'] as Record<string, unknown>)['given'] = false))],
      ['consent missing', 'consent', withForm((f) => delete f['consent'])],
      ['consent naming no text', 'consent.textVersion', withForm((f) => delete (f['consent'] as Record<string, unknown>)['textVersion'])],
      ['an unknown condition code', 'answers.conditions.0.code', withForm((_, a) => (a['conditions'] = [{ code: 'broken-heart', regions: [], qualifiers: [] }]))],
      ['a condition without its regions', 'answers.conditions.0.regions', withForm((_, a) => (a['conditions'] = [{ code: 'osteoporosis', qualifiers: [] }]))],
      ['a body region twice', 'answers.painAreas', withForm((_, a) => (a['painAreas'] = [{ region: 'neck', rating: 1 }, { region: 'neck', rating: 2 }]))],
      ['too many goals', 'goals', withForm((f) => (f['goals'] = Array.from({ length: 11 }, (_, i) => `goal ${i}`)))],
      ['pregnancy weeks 46', 'answers.pregnancy.weeks', withForm((_, a) => (a['pregnancy'] = { weeks: 46, riskFactors: [] }))],
      ['pressure in v1 words', 'answers.pressurePreference', withForm((_, a) => (a['pressurePreference'] = 'medium'))],
      ['an impossible date', 'answers.surgeries.0.on', withForm((_, a) => (a['surgeries'] = [{ on: '2026-02-30', sites: ['neck'] }]))],
    ])('%s → 400 naming %s', async (_case, field, body) => {
      const res = await submit(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect((res.body as { 'invalid-params': { name: string }[] })['invalid-params'].map((p) => p.name)).toContain(field);
      expect(received).toEqual([]);
    });

    it.each([
      ['a malformed email', 'email', { ...registration, email: 'ada@' }],
      ['a phone not in E.164', 'phone', { ...registration, preferredChannel: 'sms', email: undefined, phone: '416-555-0123' }],
      ['no email for the email channel', 'email', { ...registration, email: undefined }],
      ['a name over 100 characters', 'givenName', { ...registration, givenName: 'A'.repeat(101) }],
      ['a date of birth that is not a date', 'dateOfBirth', { ...registration, dateOfBirth: '10/12/1985' }],
    ])('registration with %s → 400 naming %s', async (_case, field, body) => {
      const res = await http.post('/v1/locations/downtown/clients').set('authorization', bearer()).send(body);
      expect(res.status).toBe(400);
      expect((res.body as { 'invalid-params': { name: string }[] })['invalid-params'].map((p) => p.name)).toContain(field);
      expect(received).toEqual([]);
    });

    it('malformed JSON → 400 problem+json with a correlation id', async () => {
      const res = await submit('{"formVersion": "intake-2026-11",');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, title: 'Bad Request' });
      expect(res.headers['x-correlation-id']).toBeDefined();
      expect(received).toEqual([]);
    });

    it('a body over 64 kB → 413 problem+json', async () => {
      const res = await submit(withForm((f) => (f['goals'] = ['x'.repeat(70 * 1024)])));
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(received).toEqual([]);
    });

    it('a body that is not a JSON object → 400', async () => {
      for (const body of [[intakeForm()], '']) {
        const res = await submit(body);
        expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 400, type: expect.stringContaining('application/problem+json') });
      }
      const textPlain = await http.post('/v1/locations/downtown/clients').set('authorization', bearer()).set('content-type', 'text/plain').send(JSON.stringify(registration));
      expect(textPlain.status).toBe(400);
      expect(received).toEqual([]);
    });

    it('a client id that is not a uuid → 400 naming it', async () => {
      const res = await http.get('/v1/locations/downtown/clients/..%2Fadmin').set('authorization', bearer());
      expect(res.status).toBe(400);
      expect(res.body['invalid-params']).toEqual([{ name: 'clientId', reason: 'must be a uuid' }]);
      expect(received).toEqual([]);
    });
  });

  describe('authentication and location scope', () => {
    it.each([
      ['no token', undefined],
      ['a token signed with another secret', `Bearer ${new AuthTokens({ ...tokenConfig, keys: new Map([['k1', Buffer.from('another-secret'.padEnd(40, '!'))]]) }).issue({ subject: 'x', locationId: '*', role: 'hq-admin' })}`],
      ['an expired token', `Bearer ${tokens.issue({ subject: 'x', locationId: 'downtown', role: 'front-desk' }, -10)}`],
      ['a malformed header', 'Basic Zm9vOmJhcg=='],
    ])('%s → 401 problem+json, nothing forwarded', async (_case, authorization) => {
      const req = http.post('/v1/locations/downtown/clients');
      if (authorization) req.set('authorization', authorization);
      const res = await req.send(registration);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(received).toEqual([]);
    });

    it("a token for location A on location B's path → 403 problem+json, nothing forwarded", async () => {
      const write = await http.post('/v1/locations/uptown/clients').set('authorization', bearer({ locationId: 'downtown' })).send(registration);
      const read = await http.get(`/v1/locations/uptown/clients/${CLIENT_ID}/intakes`).set('authorization', bearer({ locationId: 'downtown', role: 'location-manager' }));
      for (const res of [write, read]) {
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
      expect(received).toEqual([]);
    });

    it('hq-admin may act at any location, and intake is told which in the path', async () => {
      const res = await http.get(`/v1/locations/uptown/clients/${CLIENT_ID}/intakes`).set('authorization', bearer({ subject: 'hq-1', locationId: '*', role: 'hq-admin' }));
      expect(res.status).toBe(200);
      expect(received.map((r) => r.url)).toEqual([`/locations/uptown/clients/${CLIENT_ID}/intakes`]);
      expect(assertedActor(received[0]!)).toEqual({ subject: 'hq-1', role: 'hq-admin', locationId: '*' });
    });

    it('front desk may not read a health history: 403 before anything is forwarded', async () => {
      const res = await http.get(`/v1/locations/downtown/clients/${CLIENT_ID}/intakes`).set('authorization', bearer());
      expect(res.status).toBe(403);
      expect(received).toEqual([]);
    });

    it("forwards a manager's access-log query with only its paging parameters; front desk gets 403, nothing forwarded", async () => {
      const manager = bearer({ subject: 'mgr-1', role: 'location-manager' });
      const res = await http.get(`/v1/locations/downtown/clients/${CLIENT_ID}/access-log?limit=5&before=40&sneaky=1`).set('authorization', manager);
      expect(res.status).toBe(200);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ method: 'GET', url: `/locations/downtown/clients/${CLIENT_ID}/access-log?before=40&limit=5` });
      expect(assertedActor(received[0])).toEqual({ subject: 'mgr-1', role: 'location-manager', locationId: 'downtown' });
      received.length = 0;
      expect((await http.get(`/v1/locations/downtown/clients/${CLIENT_ID}/access-log`).set('authorization', bearer())).status).toBe(403);
      expect(received).toEqual([]);
    });

    it('/health needs no token', async () => {
      const res = await http.get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' }); // no database, so nothing else to report
    });
  });

  it('/docs-json lists the routes, with the bearer scheme', async () => {
    const res = await http.get('/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body as { paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } };
    expect(Object.fromEntries(Object.entries(doc.paths).map(([path, ops]) => [path, Object.keys(ops).sort()]))).toMatchObject({
      '/v1/locations/{locationId}/clients': ['post'],
      '/v1/locations/{locationId}/clients/{clientId}': ['get'],
      '/v1/locations/{locationId}/clients/{clientId}/intakes': ['get', 'post'],
      '/v1/locations/{locationId}/clients/{clientId}/intakes/{intakeId}': ['get'],
    });
    expect(doc.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    const docs = await http.get('/docs/');
    expect(docs.status).toBe(200);
  });
});
