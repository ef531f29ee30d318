import { type INestApplication, Logger, Module, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { HEALTH_CHECKS, HealthController, type HealthCheck } from './health.controller';
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

  it('answers { status: ok } when the service declares no checks (the gateway)', async () => {
    const http = await serve([]);
    const res = await http.get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('names every check that passed', async () => {
    const http = await serve([{ provide: HEALTH_CHECKS, useValue: [up('database'), up('broker')] }]);
    const res = await http.get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', broker: 'up' });
  });

  it('answers 503 problem+json naming what is down, without the error behind it', async () => {
    const http = await serve([{ provide: HEALTH_CHECKS, useValue: [up('broker'), down('database')] }]);
    const res = await http.get('/health').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, title: 'Service Unavailable', detail: 'database unreachable', instance: '/health' });
    expect(JSON.stringify(res.body)).not.toMatch(/broker|password/);
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
