import { runMigrations } from '@massage/platform-database';
import { declaredRoutes, generateAssertionKeyPair } from '@massage/platform-security';
import { startServiceOnFreshDatabase, type ServiceUnderTest } from '@massage/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { treatmentDataSourceOptions } from './treatment.database';
import { TreatmentModule } from './treatment.module';

// The documented local default (docs/architecture.md), when the shell did not source scripts/env.sh.
process.env['PGHOST'] ||= '127.0.0.1';
process.env['AUTH_ASSERTION_PUBLIC_KEYS'] = generateAssertionKeyPair('treatment-spec').publicKeysJson;

describe('treatment service (PostgreSQL)', () => {
  let service: ServiceUnderTest;
  let app: INestApplication;

  beforeAll(async () => {
    service = await startServiceOnFreshDatabase('treat', TreatmentModule, () => runMigrations(treatmentDataSourceOptions(), () => undefined));
    app = service.app;
  });

  afterAll(async () => {
    await service?.close();
  });

  it('declares an access policy on every route (fail closed)', () => {
    expect(declaredRoutes(TreatmentModule).filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('answers /health with the database up', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('has a treatment_plan table that refuses an unknown status or body region', async () => {
    const dataSource = app.get(DataSource);
    const insert = (status: string, regions: string[]) =>
      dataSource.query(
        `INSERT INTO treatment_plan (client_id, location_id, status, goals, focus_regions, techniques, frequency_per_week, planned_sessions, reassessment_date)
         VALUES (gen_random_uuid(), 'downtown', $1, '[{"description":"turn head fully"}]', $2, '{myofascial-release}', 1, 6, '2026-12-20')
         RETURNING id, status, focus_regions`,
        [status, regions],
      );
    const [plan] = await insert('active', ['neck', 'upper-back']);
    expect(plan).toMatchObject({ status: 'active', focus_regions: ['neck', 'upper-back'] });
    await expect(insert('paused', ['neck'])).rejects.toThrow(/treatment_plan_status_check/);
    await expect(insert('active', ['tail'])).rejects.toThrow(/treatment_plan_focus_regions_check/);
  });
});
