import type { MigrationInterface, QueryRunner } from 'typeorm';

const SLUG = `'^[a-z0-9]+(-[a-z0-9]+)*$'`;
const WEEKDAY = `CHECK (weekday IN ('monday','tuesday','wednesday','thursday','friday','saturday','sunday'))`;
const TECHNIQUE_LIST = (column: string) => `CHECK (cardinality(${column}) > 0)`;

/**
 * The calendar scheduling owns: locations (zone, jurisdiction, weekly hours, closures, cancellation window),
 * rooms with equipment, the service catalogue per location, and therapists (licences per jurisdiction,
 * certifications per technique, the locations they work at, weekly shifts per location, time off).
 * Local dates and wall-clock times are stored as such (`date`, `time`) and read in the location's zone;
 * instants (`timestamptz`) are UTC.
 */
export class SchedulingCalendar1765300000000 implements MigrationInterface {
  name = 'SchedulingCalendar1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE location
        ADD COLUMN jurisdiction text NOT NULL DEFAULT 'CA-ON' CHECK (jurisdiction ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'),
        ADD COLUMN cancellation_window_minutes integer NOT NULL DEFAULT 1440 CHECK (cancellation_window_minutes BETWEEN 0 AND 10080),
        ADD COLUMN opened_at timestamptz NOT NULL DEFAULT now()`);
    // The default only served rows older than this migration; every new location names its jurisdiction.
    await q.query(`ALTER TABLE location ALTER COLUMN jurisdiction DROP DEFAULT`);

    await q.query(`
      CREATE TABLE location_opening_window (
        location_id text NOT NULL REFERENCES location(id),
        weekday text NOT NULL ${WEEKDAY},
        opens time NOT NULL,
        closes time NOT NULL,
        PRIMARY KEY (location_id, weekday, opens),
        CHECK (opens < closes)
      )`);
    await q.query(`
      CREATE TABLE location_closure (
        location_id text NOT NULL REFERENCES location(id),
        first_day date NOT NULL,
        last_day date NOT NULL,
        reason text NOT NULL CHECK (reason ~ ${SLUG}),
        PRIMARY KEY (location_id, first_day),
        CHECK (first_day <= last_day)
      )`);

    await q.query(`
      CREATE TABLE room (
        id uuid PRIMARY KEY,
        location_id text NOT NULL REFERENCES location(id),
        code text NOT NULL CHECK (code ~ ${SLUG}),
        name text NOT NULL,
        equipment text[] NOT NULL DEFAULT '{}',
        UNIQUE (location_id, code),
        UNIQUE (id, location_id)
      )`);
    await q.query(`
      CREATE TABLE service (
        id uuid PRIMARY KEY,
        location_id text NOT NULL REFERENCES location(id),
        code text NOT NULL CHECK (code ~ ${SLUG}),
        name text NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
        buffer_minutes integer NOT NULL CHECK (buffer_minutes BETWEEN 0 AND 240),
        techniques text[] NOT NULL ${TECHNIQUE_LIST('techniques')},
        required_equipment text[] NOT NULL DEFAULT '{}',
        UNIQUE (location_id, code),
        UNIQUE (id, location_id)
      )`);

    await q.query(`
      CREATE TABLE therapist (
        id uuid PRIMARY KEY,
        subject text NOT NULL UNIQUE,
        display_name text NOT NULL,
        registered_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE therapist_location (
        therapist_id uuid NOT NULL REFERENCES therapist(id),
        location_id text NOT NULL REFERENCES location(id),
        PRIMARY KEY (therapist_id, location_id)
      )`);
    await q.query(`
      CREATE TABLE therapist_licence (
        therapist_id uuid NOT NULL REFERENCES therapist(id),
        jurisdiction text NOT NULL,
        number text NOT NULL,
        valid_from date,
        expires_on date NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (therapist_id, jurisdiction),
        CHECK (valid_from IS NULL OR valid_from <= expires_on)
      )`);
    await q.query(`
      CREATE TABLE therapist_certification (
        therapist_id uuid NOT NULL REFERENCES therapist(id),
        technique text NOT NULL,
        valid_from date,
        expires_on date,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (therapist_id, technique),
        CHECK (valid_from IS NULL OR expires_on IS NULL OR valid_from <= expires_on)
      )`);
    await q.query(`
      CREATE TABLE therapist_shift (
        therapist_id uuid NOT NULL,
        location_id text NOT NULL,
        weekday text NOT NULL ${WEEKDAY},
        starts time NOT NULL,
        ends time NOT NULL,
        valid_from date,
        valid_to date,
        PRIMARY KEY (therapist_id, location_id, weekday, starts),
        FOREIGN KEY (therapist_id, location_id) REFERENCES therapist_location(therapist_id, location_id),
        CHECK (starts < ends),
        CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
      )`);
    await q.query(`
      CREATE TABLE therapist_time_off (
        id uuid PRIMARY KEY,
        therapist_id uuid NOT NULL REFERENCES therapist(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text NOT NULL CHECK (reason ~ ${SLUG}),
        CHECK (starts_at < ends_at)
      )`);
    await q.query(`CREATE INDEX therapist_time_off_by_therapist ON therapist_time_off (therapist_id, ends_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'therapist_time_off',
      'therapist_shift',
      'therapist_certification',
      'therapist_licence',
      'therapist_location',
      'therapist',
      'service',
      'room',
      'location_closure',
      'location_opening_window',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE location DROP COLUMN jurisdiction, DROP COLUMN cancellation_window_minutes, DROP COLUMN opened_at`);
  }
}
