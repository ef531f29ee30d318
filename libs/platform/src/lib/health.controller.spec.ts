import { type INestApplication, Logger, Module, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { HEALTH_CHECK_TIMEOUT, HEALTH_CHECKS, HealthController, type HealthCheck } from './health.controller';
import { ProblemDetailsFilter } from './problem-details.filter';

describe('HealthController', () => {
  const up = (name: string): HealthCheck => ({ name, check: async () => undefined });
  const down = (name: string): HealthCheck => ({
    name,
    check: async () => {
      throw new Error(`${name}: connection refused (password=secret)`);
    },
  });

  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** The controller as a service wires it: HEALTH_CHECKS from the module, errors through the shared filter. */
  const serve = async (providers: Provider[]): Promise<ReturnType<typeof request>> => {
    @Module({ controllers: [HealthController], providers })
    class ServiceModule {}
    const moduleRef = await Test.createTestingModule({ imports: [ServiceModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
    return request(app.getHttpServer());
  };

  beforeAll(() => Logger.overrideLogger(false));

  const detail = (name: string, value: HealthCheck['check']): HealthCheck => ({ name, readiness: 'detail', check: value });

  it('answers { status: ok } when the service declares no checks (the gateway)', async () => {
    const http = await serve([]);
    for (const path of ['/health', '/health/ready', '/health/live']) expect((await http.get(path).expect(200)).body).toEqual({ status: 'ok' });
  });

  it('names every check that passed, on /health/ready and on its old name /health', async () => {
    const http = await serve([{ provide: HEALTH_CHECKS, useValue: [up('database'), up('broker')] }]);
    for (const path of ['/health', '/health/ready']) {
      expect((await http.get(path).expect(200)).body).toEqual({ status: 'ok', database: 'up', broker: 'up' });
    }
  });

  it('/health/ready answers 503 problem+json naming the required check that is down, without the error behind it', async () => {
    const http = await serve([{ provide: HEALTH_CHECKS, useValue: [up('broker'), down('database')] }]);
    const res = await http.get('/health/ready').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'https://massage.example/problems/503',
      title: 'Service Unavailable',
      status: 503,
      detail: 'database unreachable',
      instance: '/health/ready',
      checks: { broker: 'up', database: 'down' },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|refused/);
    await http.get('/health').expect(503);
  });

  it('/health/live answers 200 whatever the checks say: it only proves the event loop answers', async () => {
    const http = await serve([{ provide: HEALTH_CHECKS, useValue: [down('database')] }]);
    expect((await http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('a detail check that is down leaves the instance ready, degraded, and shows its state', async () => {
    const kafkaDown = detail('kafka', async () => {
      throw new Error('ECONNREFUSED 127.0.0.1:9092');
    });
    const outbox = detail('outbox', async () => ({ unpublished: 3, parked: 1 }));
    const http = await serve([{ provide: HEALTH_CHECKS, useValue: [up('database'), kafkaDown, outbox] }]);
    const res = await http.get('/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'degraded', database: 'up', kafka: 'down', outbox: { unpublished: 3, parked: 1 } });
  });

  it('a check that does not answer in time counts as down (a hung dependency cannot hang the probe)', async () => {
    const hung: HealthCheck = { name: 'database', check: () => new Promise<void>(() => undefined) };
    const http = await serve([
      { provide: HEALTH_CHECKS, useValue: [hung] },
      { provide: HEALTH_CHECK_TIMEOUT, useValue: 50 },
    ]);
    expect((await http.get('/health/ready').expect(503)).body).toMatchObject({ detail: 'database unreachable', checks: { database: 'down' } });
  });

  it('runs the checks as methods of their objects', async () => {
    class Probe implements HealthCheck {
      readonly name = 'cache';
      private readonly reachable = true;
      async check(): Promise<void> {
        if (!this.reachable) throw new Error('down');
      }
    }
    const checks = await new HealthController([new Probe()]).check();
    expect(checks).toEqual({ status: 'ok', cache: 'up' });
  });
});
