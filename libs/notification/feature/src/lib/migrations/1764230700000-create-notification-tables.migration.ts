import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `contact` (projection of the private contact topic) and `delivery` (what was sent, once per trigger). */
export class CreateNotificationTables1764230700000 implements MigrationInterface {
  name = 'CreateNotificationTables1764230700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contact (
        client_id uuid PRIMARY KEY,
        location_id text NOT NULL,
        given_name text NOT NULL,
        family_name text NOT NULL,
        email text,
        phone text,
        preferred_channel text NOT NULL CONSTRAINT contact_preferred_channel_check CHECK (preferred_channel IN ('email', 'sms')),
        recorded_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contact_reachable_check CHECK (email IS NOT NULL OR phone IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE delivery (
        id uuid PRIMARY KEY,
        client_id uuid NOT NULL,
        location_id text NOT NULL,
        kind text NOT NULL CONSTRAINT delivery_kind_check CHECK (kind IN ('welcome')),
        channel text NOT NULL CONSTRAINT delivery_channel_check CHECK (channel IN ('email', 'sms')),
        status text NOT NULL CONSTRAINT delivery_status_check CHECK (status IN ('sent', 'skipped')),
        skip_reason text,
        triggered_by_event_id uuid NOT NULL,
        smtp_message_id text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT delivery_trigger_kind_key UNIQUE (triggered_by_event_id, kind),
        CONSTRAINT delivery_outcome_check CHECK (
          (status = 'sent' AND sent_at IS NOT NULL AND skip_reason IS NULL)
          OR (status = 'skipped' AND sent_at IS NULL AND skip_reason IS NOT NULL)
        )
      )`);
    await q.query('CREATE INDEX delivery_client_idx ON delivery (client_id, created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE delivery');
    await q.query('DROP TABLE contact');
  }
}
