import { runMigrations } from '@massage/platform-database';
import { declaredRoutes, generateAssertionKeyPair } from '@massage/platform-security';
import { startServiceOnFreshDatabase, type ServiceUnderTest } from '@massage/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { schedulingDataSourceOptions } from './scheduling.database';
import { SchedulingModule } from './scheduling.module';

process.env['PGHOST'] ||= '127.0.0.1';
process.env['AUTH_ASSERTION_PUBLIC_KEYS'] = generateAssertionKeyPair('scheduling-spec').publicKeysJson;

describe('scheduling service (PostgreSQL)', () => {
  let service: ServiceUnderTest;
  let app: INestApplication;

  beforeAll(async () => {
    service = await startServiceOnFreshDatabase('sched', SchedulingModule, () => runMigrations(schedulingDataSourceOptions(), () => undefined));
    app = service.app;
  });

  afterAll(async () => {
    await service?.close();
  });

  it('declares an access policy on every route (fail closed)', () => {
    expect(declaredRoutes(SchedulingModule).filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('answers /health with the database up', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('keeps locations with their time zone and refuses a malformed location code', async () => {
    const dataSource = app.get(DataSource);
    await dataSource.query(`INSERT INTO location (id, name, time_zone, jurisdiction) VALUES ('downtown', 'Downtown', 'America/Toronto', 'CA-ON')`);
    expect(await dataSource.query('SELECT id, time_zone FROM location')).toEqual([{ id: 'downtown', time_zone: 'America/Toronto' }]);
    await expect(dataSource.query(`INSERT INTO location (id, name, time_zone, jurisdiction) VALUES ('Down Town', 'x', 'UTC', 'GB')`)).rejects.toThrow(/location_id_check/);
  });

  it('records the migration so a second run applies nothing', async () => {
    const lines: string[] = [];
    await runMigrations(schedulingDataSourceOptions(), (line) => lines.push(line));
    expect(lines).toEqual(['no pending migrations']);
  });
});
