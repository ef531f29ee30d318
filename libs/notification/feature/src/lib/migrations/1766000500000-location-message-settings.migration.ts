import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A location's settings for the messages before a visit (issue 10, ADR 0020 "Addendum: settings per location"):
 * the reminders' offsets in minutes (1 to 7 days, at most four, distinct; whole days keep the start's local clock
 * time), the pre-visit check's offset (null: none) and the quiet hours in local time (both null: none). No row: the
 * defaults (`DEFAULT_NOTIFICATION_SETTINGS`). The CHECKs repeat the domain's rules so no other writer can store
 * settings the planner would refuse.
 */
export class LocationMessageSettings1766000500000 implements MigrationInterface {
  name = 'LocationMessageSettings1766000500000';

  async up(q: QueryRunner): Promise<void> {
    // A CHECK cannot hold a subquery: distinctness through an immutable function.
    await q.query(`
      CREATE FUNCTION location_message_settings_distinct(offsets integer[]) RETURNS boolean
        LANGUAGE sql IMMUTABLE AS $$ SELECT count(DISTINCT o) = count(*) FROM unnest(offsets) AS o $$`);
    await q.query(`
      CREATE TABLE location_message_settings (
        location_id text PRIMARY KEY,
        reminder_offsets_minutes integer[] NOT NULL
          CONSTRAINT location_message_settings_offsets_check CHECK (
            cardinality(reminder_offsets_minutes) <= 4
            AND array_position(reminder_offsets_minutes, NULL) IS NULL
            AND 1 <= ALL (reminder_offsets_minutes) AND 10080 >= ALL (reminder_offsets_minutes)
            AND location_message_settings_distinct(reminder_offsets_minutes)),
        pre_visit_check_minutes integer CONSTRAINT location_message_settings_pre_visit_check CHECK (pre_visit_check_minutes BETWEEN 1 AND 10080),
        quiet_from time(0),
        quiet_to time(0),
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL,
        CONSTRAINT location_message_settings_quiet_check CHECK ((quiet_from IS NULL) = (quiet_to IS NULL) AND quiet_from <> quiet_to)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE location_message_settings');
    await q.query('DROP FUNCTION location_message_settings_distinct(integer[])');
  }
}
