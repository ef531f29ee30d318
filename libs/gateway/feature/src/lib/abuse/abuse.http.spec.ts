import { generateAssertionKeyPair } from '@massage/platform-security';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { configureGateway } from '../gateway-http';
import { GatewayModule } from '../gateway.module';
import { GATEWAY_ASSERTION_SIGNER } from '../http/service.client';
import { RATE_LIMIT_CLOCK } from './rate-limit.middleware';

/** Rate limits and security headers at the gateway's HTTP boundary, on a clock the test moves. */
describe('gateway abuse limits', () => {
  let app: NestExpressApplication;
  let now = 1_000_000;
  const upstream = { url: 'http://127.0.0.1:9', timeoutMs: 100 };
  const config: GatewayConfig = {
    services: { intake: upstream, scheduling: upstream, treatment: upstream, notification: upstream },
    tokens: { keys: new Map([['k1', Buffer.from('x'.repeat(40))]]), signingKeyId: 'k1', maxTtlSeconds: 3600 },
    rateLimit: { perTokenPerMinute: 2, perAddressPerMinute: 4 },
    requestTimeoutMs: 5_000,
  };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [GatewayModule] })
      .overrideProvider(GATEWAY_CONFIG)
      .useValue(config)
      .overrideProvider(GATEWAY_ASSERTION_SIGNER)
      .useValue(generateAssertionKeyPair('k').signer)
      .overrideProvider(RATE_LIMIT_CLOCK)
      .useValue(() => now)
      .compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    configureGateway(app);
    await app.init();
  });
  afterAll(async () => app?.close());

  it('refuses a token over its limit with 429 problem+json and Retry-After, then lets it through again', async () => {
    const http = request(app.getHttpServer());
    const withToken = (): request.Test => http.get('/health').set('authorization', 'Bearer some.token.value');
    expect((await withToken()).status).toBe(200);
    expect((await withToken()).status).toBe(200);
    const refused = await withToken();
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('30');
    now += 30_000;
    expect((await withToken()).status).toBe(200);
  });

  it('refuses an address over its limit, token or not', async () => {
    now += 600_000;
    const http = request(app.getHttpServer());
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await http.get('/health')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('sends the security headers, and no-store on API answers', async () => {
    now += 600_000;
    const res = await request(app.getHttpServer()).get('/health');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': expect.stringContaining('max-age='),
      'content-security-policy': expect.stringContaining("default-src 'none'"),
      'cache-control': 'no-store',
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('bounds how long a client may take to send its request', () => {
    expect((app.getHttpServer() as { requestTimeout: number }).requestTimeout).toBe(5_000);
  });
});
