import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { databaseHealthCheckProvider } from './database-health.provider';
import { HEALTH_CHECKS, HealthController } from '@massage/platform';

describe('databaseHealthCheckProvider', () => {
  const controllerWith = async (query: jest.Mock): Promise<HealthController> => {
    // Stands in for the DataSource that TypeOrmModule.forRoot* provides globally.
    @Module({ providers: [{ provide: DataSource, useValue: { query } }], exports: [DataSource] })
    class FakeTypeOrmModule {}
    @Module({ imports: [FakeTypeOrmModule], controllers: [HealthController], providers: [databaseHealthCheckProvider] })
    class ServiceModule {}
    const moduleRef = await Test.createTestingModule({ imports: [ServiceModule] }).compile();
    expect(moduleRef.get(HEALTH_CHECKS)).toHaveLength(1);
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
});
