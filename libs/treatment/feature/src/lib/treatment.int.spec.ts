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

/** The service as deployed (its migrations, its module) and what its tables refuse whatever the code does. */
describe('treatment service (PostgreSQL)', () => {
  let service: ServiceUnderTest;
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    service = await startServiceOnFreshDatabase('treat', TreatmentModule, () => runMigrations(treatmentDataSourceOptions(), () => undefined));
    app = service.app;
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('declares an access policy on every route (fail closed)', () => {
    const routes = declaredRoutes(TreatmentModule);
    expect(routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(routes.length).toBeGreaterThan(10);
  });

  it('answers /health with the database up', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up' });
  });

  const plan = (status: string, regions: string[], techniques = ['myofascial-release'], closedAt: Date | null = status === 'active' ? null : new Date()) =>
    db.query(
      `INSERT INTO treatment_plan (id, client_id, location_id, status, goals, focus_regions, techniques, max_pressure, frequency_sessions, frequency_every_weeks,
         planned_sessions, reassessment_date, screening_id, revision, created_at, closed_at)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'downtown', $1, '[]', $2, $3, 'P3', 1, 1, 6, '2026-12-20', gen_random_uuid(), 1, now(), $4)
       RETURNING id`,
      [status, regions, techniques, closedAt],
    ) as Promise<{ id: string }[]>;

  it('has a treatment_plan table that refuses an unknown status, body region or technique, and a closed plan without its end', async () => {
    await expect(plan('active', ['neck', 'upper-back'], ['scar-work'])).resolves.toHaveLength(1);
    await expect(plan('paused', ['neck'])).rejects.toThrow(/treatment_plan_status_check/);
    await expect(plan('active', ['tail'])).rejects.toThrow(/treatment_plan_focus_regions_check/);
    await expect(plan('active', ['neck'], ['reiki'])).rejects.toThrow(/treatment_plan_techniques_check/);
    await expect(plan('completed', ['neck'], undefined, null)).rejects.toThrow(/treatment_plan_closed_check/);
  });

  it('keeps signed versions and amendments append-only and a signed note signed, whatever the code does', async () => {
    const [{ id: planId }] = await plan('active', ['neck']);
    const [{ note_id: noteId }] = (await db.query(
      `INSERT INTO session_note (note_id, appointment_id, client_id, therapist_id, location_id, plan_id, starts_at, opened_at, status, content, signed_at, updated_at)
       VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'downtown', $1, now(), now(), 'signed', '{}', now(), now()) RETURNING note_id`,
      [planId],
    )) as { note_id: string }[];
    await db.query(`INSERT INTO session_note_version (note_id, version, content, at, author) VALUES ($1, 1, '{"subjective":"as signed"}', now(), 'therapist-1')`, [noteId]);
    await db.query(`INSERT INTO session_note_version (note_id, version, content, at, author) VALUES ($1, 2, '{"subjective":"amended"}', now(), 'therapist-1')`, [noteId]);
    await db.query(`INSERT INTO session_note_amendment (amendment_id, note_id, version, kind, author, reason, at, sections) VALUES (gen_random_uuid(), $1, 2, 'correction', 'therapist-1', 'typo', now(), '{subjective}')`, [noteId]);

    await expect(db.query(`UPDATE session_note_version SET content = '{"subjective":"rewritten"}' WHERE note_id = $1 AND version = 1`, [noteId])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM session_note_version WHERE note_id = $1`, [noteId])).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE session_note_amendment SET reason = 'other' WHERE note_id = $1`, [noteId])).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE session_note SET status = 'draft', signed_at = NULL WHERE note_id = $1`, [noteId])).rejects.toThrow(/is signed/);
    await expect(db.query(`DELETE FROM session_note WHERE note_id = $1`, [noteId])).rejects.toThrow(/append-only/);
    expect(await db.query(`SELECT content->>'subjective' AS s FROM session_note_version WHERE note_id = $1 ORDER BY version`, [noteId])).toEqual([{ s: 'as signed' }, { s: 'amended' }]);
    // The head follows the latest version: that update is allowed.
    await expect(db.query(`UPDATE session_note SET content = '{"subjective":"amended"}' WHERE note_id = $1`, [noteId])).resolves.toBeDefined();
  });
});
