import { randomUUID } from 'node:crypto';
import { runMigrations } from '@massage/platform-database';
import { createTestDatabase, type TestDatabase } from '@massage/testing';
import { Client } from 'pg';
import { intakeDataSourceOptions } from '../intake.database';
import { IntakeFormV21766000000000 } from './1766000000000-intake-form-v2.migration';

jest.setTimeout(60_000);

/** The schema as it was before form v2: every migration but this one. */
function optionsBeforeV2() {
  const options = intakeDataSourceOptions();
  return { ...options, migrations: (options.migrations as unknown[]).filter((m) => m !== IntakeFormV21766000000000) } as typeof options;
}

describe('migration 1766000000000: intake form v2 over rows written on form v1 (PostgreSQL)', () => {
  let db: TestDatabase;
  let pg: Client;
  const ada = randomUUID();
  const bob = randomUUID();
  const [adaFirst, adaSecond, bobOnly] = [randomUUID(), randomUUID(), randomUUID()];

  const insertV1 = (id: string, clientId: string, submittedAt: string, history: object, pressure: string, signedAt: string) =>
    pg.query(
      `INSERT INTO intake (id, client_id, location_id, form_version, health_history, goals, pressure_preference, consent_given, consent_signed_name, consent_signed_at, submitted_at, taken_by)
       VALUES ($1, $2, 'downtown', '2026.1', $3, ARRAY['relief'], $4, true, 'Ada Lovelace', $5, $6, 'desk-1')`,
      [id, clientId, JSON.stringify(history), pressure, signedAt, submittedAt],
    );

  beforeAll(async () => {
    process.env['PGHOST'] ||= '127.0.0.1';
    db = await createTestDatabase('intake_v2_migration');
    process.env['DB_NAME'] = db.name;
    await runMigrations(optionsBeforeV2(), () => undefined);
    pg = new Client(db.options);
    await pg.connect();
    for (const id of [ada, bob]) {
      await pg.query(
        `INSERT INTO client (id, location_id, given_name, family_name, email, preferred_channel, date_of_birth, registered_at)
         VALUES ($1, 'downtown', 'Ada', 'Lovelace', 'ada@example.com', 'email', '1985-12-10', now())`,
        [id],
      );
    }
    // Inserted out of order: the chain follows submitted_at, not insertion.
    await insertV1(
      adaSecond,
      ada,
      '2026-06-01T10:00:00Z',
      { conditions: [{ code: 'pregnancy' }, { code: 'fever' }], medications: [], recentInjuryOrSurgery: { present: false }, painAreas: [] },
      'deep',
      '2026-06-01T09:55:00Z',
    );
    await insertV1(
      adaFirst,
      ada,
      '2026-03-01T12:00:00Z',
      {
        conditions: [{ code: 'suspected-dvt', note: 'left leg' }, { code: 'recent-surgery' }, { code: 'uncontrolled-hypertension' }],
        medications: [{ code: 'anticoagulant', name: 'warfarin' }],
        recentInjuryOrSurgery: { present: true, description: 'knee arthroscopy', date: '2026-02-10' },
        painAreas: [{ region: 'left-knee', rating: 6 }],
      },
      'firm',
      '2026-03-01T11:58:00Z',
    );
    await insertV1(bobOnly, bob, '2026-04-01T08:00:00Z', { conditions: [], medications: [], recentInjuryOrSurgery: { present: false }, painAreas: [] }, 'light', '2024-02-29T08:00:00Z');

    await runMigrations(intakeDataSourceOptions(), () => undefined);
  });

  afterAll(async () => {
    await pg?.end();
    await db?.drop();
  });

  const row = async (id: string) =>
    (
      await pg.query(
        `SELECT kind, previous_intake_id, answers, health_history, pressure_preference, consent_text_version, consent_text_hash, consent_valid_until FROM intake WHERE id = $1`,
        [id],
      )
    ).rows[0];

  it('maps the v1 answers to v2 (codes, P-levels, what v1 never asked listed as unanswered) and keeps the v1 columns', async () => {
    const first = await row(adaFirst);
    expect(first.answers).toEqual({
      conditions: [
        { code: 'dvt', regions: [], qualifiers: [], note: 'left leg' },
        { code: 'hypertension', regions: [], qualifiers: ['uncontrolled'] },
      ],
      surgeries: [{ on: '2026-02-10', sites: [], note: 'knee arthroscopy' }],
      fractures: [],
      devices: [],
      medications: [{ class: 'anticoagulant', name: 'warfarin' }],
      symptomsToday: ['leg-swollen-warm-or-painful'],
      painAreas: [{ region: 'left-knee', rating: 6 }],
      pressurePreference: 'P4',
      unanswered: ['surgeries.0.sites', 'conditions.0.regions'],
    });
    expect(first.health_history.conditions.map((c: { code: string }) => c.code)).toEqual(['suspected-dvt', 'recent-surgery', 'uncontrolled-hypertension']);
    expect(first.pressure_preference).toBe('firm');

    const second = await row(adaSecond);
    expect(second.answers).toMatchObject({ pregnancy: { weeks: 0, riskFactors: [] }, symptomsToday: ['fever-last-48h'], pressurePreference: 'P5', unanswered: ['pregnancy.weeks'] });
    expect((await row(bobOnly)).answers).toEqual({ conditions: [], surgeries: [], fractures: [], devices: [], medications: [], symptomsToday: [], painAreas: [], pressurePreference: 'P2' });
  });

  it('records the legacy consent (no text, no hash), valid a year from signing, and chains each client’s intakes by submission time', async () => {
    expect(await row(adaFirst)).toMatchObject({
      kind: 'full',
      previous_intake_id: null,
      consent_text_version: 'legacy-unversioned',
      consent_text_hash: null,
      consent_valid_until: new Date('2027-03-01T11:58:00Z'),
    });
    expect(await row(adaSecond)).toMatchObject({ previous_intake_id: adaFirst, consent_valid_until: new Date('2027-06-01T09:55:00Z') });
    expect(await row(bobOnly)).toMatchObject({ previous_intake_id: null, consent_valid_until: new Date('2025-03-01T08:00:00Z') });
  });

  it('then holds v2 rows (no v1 answers) and refuses a v2 consent without its hash', async () => {
    const insertV2 = (hash: string | null) =>
      pg.query(
        `INSERT INTO intake (id, client_id, location_id, form_version, kind, previous_intake_id, answers, goals, consent_given, consent_signed_name, consent_signed_at,
                             consent_text_version, consent_text_hash, consent_valid_until, submitted_at)
         VALUES ($1, $2, 'downtown', 'intake-2026-11', 'visit-update', $3, '{"conditions": []}', ARRAY['relief'], true, 'Bob', now(), 'consent-2026-11', $4, now() + interval '1 year', now())`,
        [randomUUID(), bob, bobOnly, hash],
      );
    await expect(insertV2('a'.repeat(64))).resolves.toMatchObject({ rowCount: 1 });
    await expect(insertV2(null)).rejects.toThrow(/intake_consent_text_pinned/);
  });
});
