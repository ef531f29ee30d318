import { createKnownLocationTable, dropKnownLocationTable } from '@massage/known-locations';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An appointment's messages (issue 10, ADR 0020): `known_location` (each location's zone, from the compacted
 * locations topic), `appointment` (notification's projection of scheduling's appointment events: the start and
 * whether it is still booked, as of the latest event applied) and `scheduled_message` (one row per appointment, kind
 * and channel: the notices sent at once and the reminders due later, picked by the worker with SKIP LOCKED).
 * `contact.language` is the client's language for templates ('en' until intake publishes a preference).
 */
export class AppointmentMessages1766000200000 implements MigrationInterface {
  name = 'AppointmentMessages1766000200000';

  async up(q: QueryRunner): Promise<void> {
    await createKnownLocationTable(q);
    await q.query(`ALTER TABLE contact ADD COLUMN language text NOT NULL DEFAULT 'en' CONSTRAINT contact_language_check CHECK (language IN ('en', 'fr'))`);
    await q.query(`
      CREATE TABLE appointment (
        appointment_id uuid PRIMARY KEY,
        client_id uuid NOT NULL,
        location_id text NOT NULL,
        starts_at timestamptz NOT NULL,
        status text NOT NULL CONSTRAINT appointment_status_check CHECK (status IN ('booked', 'cancelled')),
        as_of timestamptz NOT NULL,
        last_event_id uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE scheduled_message (
        id uuid PRIMARY KEY,
        appointment_id uuid NOT NULL REFERENCES appointment (appointment_id),
        client_id uuid NOT NULL,
        location_id text NOT NULL,
        kind text NOT NULL CONSTRAINT scheduled_message_kind_check
          CHECK (kind ~ '^(booking-(confirmed|rescheduled|cancelled)|reminder-[1-9][0-9]*[hm]|pre-visit-check)$'),
        channel text NOT NULL CONSTRAINT scheduled_message_channel_check CHECK (channel IN ('email', 'sms')),
        starts_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL CONSTRAINT scheduled_message_status_check CHECK (status IN ('scheduled', 'sent', 'cancelled', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CONSTRAINT scheduled_message_attempts_check CHECK (attempts >= 0),
        message_key text NOT NULL,
        triggered_by_event_id uuid NOT NULL,
        correlation_id text,
        smtp_message_id text,
        failure_reason text CONSTRAINT scheduled_message_failure_reason_check
          CHECK (failure_reason IN ('recipient-rejected', 'message-rejected', 'retries-exhausted', 'unreachable')),
        failure_smtp_code smallint CONSTRAINT scheduled_message_failure_smtp_code_check CHECK (failure_smtp_code BETWEEN 400 AND 599),
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT scheduled_message_appointment_kind_channel_key UNIQUE (appointment_id, kind, channel),
        CONSTRAINT scheduled_message_outcome_check CHECK (
          (status = 'sent' AND sent_at IS NOT NULL AND failure_reason IS NULL)
          OR (status = 'failed' AND sent_at IS NULL AND failure_reason IS NOT NULL)
          OR (status IN ('scheduled', 'cancelled') AND sent_at IS NULL AND failure_reason IS NULL)
        )
      )`);
    // The worker's pick: the earliest due of what is still scheduled.
    await q.query(`CREATE INDEX scheduled_message_due_idx ON scheduled_message (due_at) WHERE status = 'scheduled'`);
    await q.query('CREATE INDEX scheduled_message_client_idx ON scheduled_message (client_id, created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE scheduled_message');
    await q.query('DROP TABLE appointment');
    await q.query('ALTER TABLE contact DROP COLUMN language');
    await dropKnownLocationTable(q);
  }
}
