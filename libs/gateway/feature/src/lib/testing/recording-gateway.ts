import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProblemDetailsFilter } from '@massage/platform';
import { generateAssertionKeyPair, GatewayAssertionVerifier } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AuthTokens, type AuthTokenConfig } from '../auth/auth-token';
import { GATEWAY_CONFIG, type GatewayConfig, type UpstreamService } from '../gateway.config';
import { configureGateway, GATEWAY_BODY_LIMIT } from '../gateway-http';
import { GATEWAY_ASSERTION_SIGNER } from '../http/service.client';
import { GatewayModule } from '../gateway.module';

/** A request the stand-in service received. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Answer = (r: Received) => { status: number; type?: string; body?: unknown };

/**
 * The gateway as main.ts builds it, in front of one HTTP server standing in for every service, which records each
 * request and answers with `answer` (settable per test). For route specs: what is forwarded, where, as whom.
 */
export interface RecordingGateway {
  http: ReturnType<typeof request>;
  received: Received[];
  answer: Answer;
  /** `Bearer <token>` for a front-desk actor at `downtown`, changed by `actor`. */
  bearer(actor?: Partial<Actor>): string;
  /** The actor the gateway's assertion names, as the service (intake unless named) verifies it. */
  assertedActor(r: Received, audience?: UpstreamService): Actor;
  /** The one request the service received (throws unless exactly one). */
  single(): Received;
  /** Forgets what was received and answers every request with an empty 201 (POST) or 200 again (a spec's beforeEach). */
  reset(): void;
  close(): Promise<void>;
}

const SECRET = 'recording-gateway-secret-'.padEnd(48, 'r');

export async function startRecordingGateway(): Promise<RecordingGateway> {
  const tokenConfig: AuthTokenConfig = { keys: new Map([['k1', Buffer.from(SECRET)]]), signingKeyId: 'k1', maxTtlSeconds: 3600 };
  const tokens = new AuthTokens(tokenConfig);
  const keys = generateAssertionKeyPair('recording');
  const verifier = (audience: UpstreamService): GatewayAssertionVerifier => new GatewayAssertionVerifier(audience, new Map([['recording', keys.publicKey]]));
  const answerEmpty: Answer = (r) => ({ status: r.method === 'POST' ? 201 : 200, body: {} });
  const state: Pick<RecordingGateway, 'received' | 'answer'> = { received: [], answer: answerEmpty };

  const upstream: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      state.received.push(r);
      const { status, type = 'application/json', body } = state.answer(r);
      res.writeHead(status, { 'content-type': type }).end(body === undefined ? undefined : JSON.stringify(body));
    });
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const service = { url: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, timeoutMs: 2_000 };
  const config: GatewayConfig = { services: { intake: service, scheduling: service, treatment: service, notification: service }, tokens: tokenConfig, rateLimit: { perTokenPerMinute: 10_000, perAddressPerMinute: 10_000 }, requestTimeoutMs: 10_000 };
  const moduleRef = await Test.createTestingModule({ imports: [GatewayModule] }).overrideProvider(GATEWAY_CONFIG).useValue(config).overrideProvider(GATEWAY_ASSERTION_SIGNER).useValue(keys.signer).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  app.useBodyParser('json', { limit: GATEWAY_BODY_LIMIT, strict: true });
  app.useGlobalFilters(new ProblemDetailsFilter());
  configureGateway(app);
  await app.init();

  return Object.assign(state, {
    http: request(app.getHttpServer()),
    bearer: (actor: Partial<Actor> = {}) => `Bearer ${tokens.issue({ subject: 'fd-1', locationId: 'downtown', role: 'front-desk', ...actor })}`,
    assertedActor: (r: Received, audience: UpstreamService = 'intake') => verifier(audience).verify(String(r.headers['x-gateway-assertion'])),
    single: () => {
      const [only, ...more] = state.received;
      if (!only || more.length > 0) throw new Error(`expected one forwarded request, got ${state.received.length}`);
      return only;
    },
    reset: () => {
      state.received.length = 0;
      state.answer = answerEmpty;
    },
    close: async () => {
      await app.close();
      upstream.close();
    },
  });
}

/** The fields a 400 problem names in its `invalid-params`. */
export function invalidParamNames(body: unknown): string[] {
  return ((body as { 'invalid-params'?: { name: string }[] })['invalid-params'] ?? []).map((p) => p.name);
}

/** The audit lines (`Audit` context) a Logger spy saw, parsed. */
export function auditLines(log: jest.SpyInstance): unknown[] {
  return log.mock.calls.filter((_, i) => (log.mock.contexts[i] as { context?: string }).context === 'Audit').map(([line]) => JSON.parse(String(line)) as unknown);
}
