import { Module, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { databaseHealthCheckProvider, databaseHealthChecksProvider } from './database-health.provider';
import { HealthController, type HealthCheck } from '@massage/platform';

const RELAY = Symbol('RELAY');
const ABSENT = Symbol('ABSENT');

describe('databaseHealthCheckProvider', () => {
  const controllerWith = async (query: jest.Mock, provider: Provider = databaseHealthCheckProvider): Promise<HealthController> => {
    // Stands in for the DataSource that TypeOrmModule.forRoot* provides globally.
    @Module({ providers: [{ provide: DataSource, useValue: { query } }], exports: [DataSource] })
    class FakeTypeOrmModule {}
    @Module({ imports: [FakeTypeOrmModule], controllers: [HealthController], providers: [provider, { provide: RELAY, useValue: 'leader' }] })
    class ServiceModule {}
    const moduleRef = await Test.createTestingModule({ imports: [ServiceModule] }).compile();
    return moduleRef.get(HealthController);
  };

  it('reports the database up when SELECT 1 answers', async () => {
    const query = jest.fn().mockResolvedValue([{ '?column?': 1 }]);
    await expect((await controllerWith(query)).check()).resolves.toEqual({ status: 'ok', database: 'up' });
    expect(query).toHaveBeenCalledWith('SELECT 1');
  });

  it('reports the database unreachable when the query fails', async () => {
    const query = jest.fn().mockRejectedValue(new Error('ECONNREFUSED'));
    await expect((await controllerWith(query)).check()).rejects.toMatchObject({ status: 503, message: 'database unreachable' });
  });

  it('adds detail checks built from the DataSource and injected providers (an optional one may be absent)', async () => {
    const query = jest.fn().mockResolvedValue([]);
    const more = databaseHealthChecksProvider({
      inject: [RELAY, { token: ABSENT, optional: true }],
      checks: (_dataSource, relay: string, absent: unknown): HealthCheck[] => [
        { name: 'relay', readiness: 'detail', check: async () => relay },
        { name: 'absent', readiness: 'detail', check: async () => (absent === undefined ? 'not provided' : 'provided') },
      ],
    });
    await expect((await controllerWith(query, more)).check()).resolves.toEqual({ status: 'ok', database: 'up', relay: 'leader', absent: 'not provided' });
  });
});
