import { createCareTables, dropCareTables } from '@massage/care-relationships';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// Frozen copies of today's code lists (a migration is a fact: widening a list later is a new migration).
const TECHNIQUES = `ARRAY['swedish', 'deep-tissue', 'myofascial-release', 'trigger-point', 'sports', 'neuromuscular', 'lymphatic-drainage', 'prenatal',
  'percussion', 'joint-mobilisation', 'rib-springing', 'scar-work']::text[]`;
const PRESSURES = `('P1', 'P2', 'P3', 'P4', 'P5')`;

/**
 * The clinical record (issue 9): plans grow into what a therapist decides (pressure, frequency, referral, the
 * screening they were checked against, revisions, closing, review flag); SOAP notes one per appointment, whose
 * signed versions and amendments are append-only (a trigger refuses UPDATE and DELETE: the original is never
 * altered); the projections treatment keeps of other services' events: appointments, the client's latest
 * screening and clearances, and the care tables (@massage/care-relationships) behind `in-care` and
 * `own-sessions`.
 *
 * `treatment_plan` gains NOT NULL columns nothing could fill for an existing row; no route ever wrote one (the
 * service had a health endpoint only), so the migration refuses a table that has rows instead of inventing them.
 */
export class TreatmentRecords1766100000000 implements MigrationInterface {
  name = 'TreatmentRecords1766100000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ count }] = (await q.query(`SELECT count(*)::int AS count FROM treatment_plan`)) as { count: number }[];
    if (count > 0) throw new Error(`treatment_plan has ${count} rows written before plans had a pressure, a frequency and a screening: migrate them by hand first`);
    await q.query(`ALTER TABLE treatment_plan DROP CONSTRAINT treatment_plan_techniques_check`);
    await q.query(`ALTER TABLE treatment_plan ADD CONSTRAINT treatment_plan_techniques_check CHECK (cardinality(techniques) > 0 AND techniques <@ ${TECHNIQUES})`);
    await q.query(`ALTER TABLE treatment_plan ADD CONSTRAINT treatment_plan_focus_regions_present CHECK (cardinality(focus_regions) > 0)`);
    await q.query(`ALTER TABLE treatment_plan DROP COLUMN frequency_per_week`);
    await q.query(`ALTER TABLE treatment_plan ALTER COLUMN planned_sessions SET NOT NULL, ALTER COLUMN reassessment_date SET NOT NULL, ALTER COLUMN status DROP DEFAULT, ALTER COLUMN created_at DROP DEFAULT`);
    await q.query(`
      ALTER TABLE treatment_plan
        ADD COLUMN therapist_id uuid,
        ADD COLUMN max_pressure text NOT NULL CHECK (max_pressure IN ${PRESSURES}),
        ADD COLUMN frequency_sessions smallint NOT NULL CHECK (frequency_sessions BETWEEN 1 AND 7),
        ADD COLUMN frequency_every_weeks smallint NOT NULL CHECK (frequency_every_weeks BETWEEN 1 AND 12),
        ADD COLUMN referral jsonb CHECK (referral IS NULL OR jsonb_typeof(referral) = 'object'),
        ADD COLUMN screening_id uuid NOT NULL,
        ADD COLUMN revision integer NOT NULL CHECK (revision >= 1),
        ADD COLUMN revised_at timestamptz,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN discontinued_for text CHECK (discontinued_for IN ('client-request', 'contraindicated', 'referred-out', 'no-progress', 'moved-away', 'other')),
        ADD COLUMN review_needed jsonb CHECK (review_needed IS NULL OR jsonb_typeof(review_needed) = 'object'),
        ADD CONSTRAINT treatment_plan_closed_check CHECK ((status = 'active') = (closed_at IS NULL)),
        ADD CONSTRAINT treatment_plan_discontinued_check CHECK ((status = 'discontinued') = (discontinued_for IS NOT NULL))`);
    await q.query(`CREATE INDEX treatment_plan_active_idx ON treatment_plan (client_id, location_id) WHERE status = 'active'`);
    // Each revision's terms as decided, the first (as created) included: what the plan said at any time.
    await q.query(`
      CREATE TABLE treatment_plan_revision (
        plan_id uuid NOT NULL REFERENCES treatment_plan (id),
        revision integer NOT NULL CHECK (revision >= 1),
        terms jsonb NOT NULL,
        screening_id uuid NOT NULL,
        decided_at timestamptz NOT NULL,
        decided_by text NOT NULL,
        PRIMARY KEY (plan_id, revision)
      )`);

    await q.query(`
      CREATE TABLE session_note (
        note_id uuid PRIMARY KEY,
        appointment_id uuid NOT NULL UNIQUE,
        client_id uuid NOT NULL,
        therapist_id uuid NOT NULL,
        location_id text NOT NULL CHECK (location_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        plan_id uuid REFERENCES treatment_plan (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        opened_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'signed')),
        content jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
        signed_at timestamptz,
        updated_at timestamptz NOT NULL,
        CONSTRAINT session_note_signed_check CHECK ((status = 'signed') = (signed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX session_note_client_idx ON session_note (client_id, location_id, starts_at)`);
    await q.query(`CREATE INDEX session_note_plan_idx ON session_note (plan_id) WHERE plan_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE session_note_version (
        note_id uuid NOT NULL REFERENCES session_note (note_id),
        version integer NOT NULL CHECK (version >= 1),
        content jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
        at timestamptz NOT NULL,
        author text NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        PRIMARY KEY (note_id, version)
      )`);
    await q.query(`
      CREATE TABLE session_note_amendment (
        amendment_id uuid PRIMARY KEY,
        note_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 2),
        kind text NOT NULL CHECK (kind IN ('correction', 'addendum', 'late-entry')),
        author text NOT NULL CHECK (length(author) BETWEEN 1 AND 128),
        reason text NOT NULL CHECK (length(reason) >= 1),
        at timestamptz NOT NULL,
        sections text[] NOT NULL CHECK (cardinality(sections) > 0),
        FOREIGN KEY (note_id, version) REFERENCES session_note_version (note_id, version),
        UNIQUE (note_id, version)
      )`);
    // Signed is final: versions and amendments are appended, never changed; a signed note never returns to draft.
    await q.query(`
      CREATE FUNCTION treatment_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: a signed note is changed by an amendment, never in place', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    for (const table of ['session_note_version', 'session_note_amendment']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION treatment_append_only()`);
    }
    await q.query(`
      CREATE FUNCTION session_note_signed_stays_signed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status <> 'signed' OR NEW.signed_at IS DISTINCT FROM OLD.signed_at OR NEW.appointment_id <> OLD.appointment_id
           OR NEW.client_id <> OLD.client_id OR NEW.therapist_id <> OLD.therapist_id THEN
          RAISE EXCEPTION 'session note % is signed: only an amendment changes it', OLD.note_id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER session_note_signed_stays_signed BEFORE UPDATE ON session_note
        FOR EACH ROW WHEN (OLD.status = 'signed') EXECUTE FUNCTION session_note_signed_stays_signed()`);
    await q.query(`CREATE TRIGGER session_note_never_deleted BEFORE DELETE ON session_note FOR EACH ROW EXECUTE FUNCTION treatment_append_only()`);

    // Scheduling's appointments as treatment needs them (a note's span and therapist), from its events.
    await q.query(`
      CREATE TABLE treatment_appointment (
        appointment_id uuid PRIMARY KEY,
        client_id uuid NOT NULL,
        location_id text NOT NULL,
        therapist_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        techniques text[] NOT NULL,
        focus_regions text[] NOT NULL,
        pressure text NOT NULL,
        status text NOT NULL CHECK (status IN ('booked', 'cancelled', 'no-show')),
        changed_at timestamptz NOT NULL
      )`);
    // Intake's screening of the client and their clearances, from its events (never read from intake's database).
    await q.query(`
      CREATE TABLE client_screening (
        client_id uuid PRIMARY KEY,
        screening_id uuid NOT NULL,
        location_id text NOT NULL,
        outcome text NOT NULL,
        restrictions jsonb NOT NULL,
        table_version text NOT NULL,
        as_of timestamptz NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE client_clearance (
        clearance_id uuid PRIMARY KEY,
        client_id uuid NOT NULL,
        rules text[] NOT NULL,
        status text NOT NULL CHECK (status IN ('recorded', 'expired', 'revoked')),
        expires_at timestamptz NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX client_clearance_by_client ON client_clearance (client_id)`);
    await createCareTables(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropCareTables(q);
    for (const table of ['client_clearance', 'client_screening', 'treatment_appointment', 'session_note_amendment', 'session_note_version', 'session_note', 'treatment_plan_revision']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION session_note_signed_stays_signed()`);
    await q.query(`DROP FUNCTION treatment_append_only()`);
    await q.query(`DROP INDEX treatment_plan_active_idx`);
    await q.query(`
      ALTER TABLE treatment_plan
        DROP CONSTRAINT treatment_plan_discontinued_check, DROP CONSTRAINT treatment_plan_closed_check, DROP CONSTRAINT treatment_plan_focus_regions_present,
        DROP COLUMN review_needed, DROP COLUMN discontinued_for, DROP COLUMN closed_at, DROP COLUMN revised_at, DROP COLUMN revision,
        DROP COLUMN screening_id, DROP COLUMN referral, DROP COLUMN frequency_every_weeks, DROP COLUMN frequency_sessions, DROP COLUMN max_pressure,
        DROP COLUMN therapist_id,
        ADD COLUMN frequency_per_week smallint CHECK (frequency_per_week BETWEEN 1 AND 7),
        ALTER COLUMN planned_sessions DROP NOT NULL, ALTER COLUMN reassessment_date DROP NOT NULL,
        ALTER COLUMN status SET DEFAULT 'active', ALTER COLUMN created_at SET DEFAULT now(),
        DROP CONSTRAINT treatment_plan_techniques_check,
        ADD CONSTRAINT treatment_plan_techniques_check CHECK (techniques <@ ARRAY['swedish', 'deep-tissue', 'myofascial-release', 'trigger-point', 'sports', 'neuromuscular', 'lymphatic-drainage', 'prenatal']::text[])`);
  }
}
