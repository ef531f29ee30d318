import type { MigrationInterface, QueryRunner } from 'typeorm';

const APPOINTMENT_KINDS = `booking-(confirmed|rescheduled|cancelled)|reminder-[1-9][0-9]*[hm]|pre-visit-check`;
const EVENT_KINDS = `after-care|clearance-request|waitlist-offer|licence-expiring`;
const FAILURE_REASONS = `'recipient-rejected', 'message-rejected', 'retries-exhausted', 'unreachable'`;

/**
 * Messages sent once for one event rather than for an appointment (issue 10): after-care, the clearance letter, a
 * waitlist offer, the licence-expiry notice. They are `scheduled_message` rows, so the same worker sends them with
 * the same retries, failures and events: such a row names no appointment but a `subject_key` (the note, offer,
 * clearance or licence and location it is about), unique with the kind and channel: one message per (event, channel,
 * template) across redeliveries and replays. `payload` holds the ids, codes and instants the template needs (never
 * free text). A manager's notice has no client. `no-recipient`: nobody to send it to (no manager on record).
 * `notification_recipient`: who receives a location's staff messages (its manager), seeded per location.
 */
export class EventMessages1766000400000 implements MigrationInterface {
  name = 'EventMessages1766000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE scheduled_message
        ALTER COLUMN appointment_id DROP NOT NULL,
        ALTER COLUMN client_id DROP NOT NULL,
        ALTER COLUMN starts_at DROP NOT NULL,
        ADD COLUMN subject_key text,
        ADD COLUMN payload jsonb NOT NULL DEFAULT '{}',
        DROP CONSTRAINT scheduled_message_kind_check,
        ADD CONSTRAINT scheduled_message_kind_check CHECK (
          (appointment_id IS NOT NULL AND kind ~ '^(${APPOINTMENT_KINDS})$')
          OR (subject_key IS NOT NULL AND kind ~ '^(${EVENT_KINDS})$')
        ),
        ADD CONSTRAINT scheduled_message_subject_check CHECK (
          (appointment_id IS NOT NULL AND subject_key IS NULL AND client_id IS NOT NULL AND starts_at IS NOT NULL)
          OR (appointment_id IS NULL AND subject_key IS NOT NULL AND (client_id IS NOT NULL OR kind = 'licence-expiring'))
        ),
        ADD CONSTRAINT scheduled_message_subject_kind_channel_key UNIQUE (subject_key, kind, channel),
        DROP CONSTRAINT scheduled_message_failure_reason_check,
        ADD CONSTRAINT scheduled_message_failure_reason_check CHECK (failure_reason IN (${FAILURE_REASONS}, 'no-recipient'))`);
    await q.query(`
      CREATE TABLE notification_recipient (
        location_id text NOT NULL,
        role text NOT NULL CONSTRAINT notification_recipient_role_check CHECK (role IN ('manager')),
        name text NOT NULL CONSTRAINT notification_recipient_name_check CHECK (length(name) BETWEEN 1 AND 200),
        email text NOT NULL CONSTRAINT notification_recipient_email_check CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (location_id, role)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notification_recipient');
    await q.query(`DELETE FROM scheduled_message WHERE appointment_id IS NULL`);
    await q.query(`
      ALTER TABLE scheduled_message
        DROP CONSTRAINT scheduled_message_failure_reason_check,
        ADD CONSTRAINT scheduled_message_failure_reason_check CHECK (failure_reason IN (${FAILURE_REASONS})),
        DROP CONSTRAINT scheduled_message_subject_kind_channel_key,
        DROP CONSTRAINT scheduled_message_subject_check,
        DROP CONSTRAINT scheduled_message_kind_check,
        ADD CONSTRAINT scheduled_message_kind_check CHECK (kind ~ '^(${APPOINTMENT_KINDS})$'),
        DROP COLUMN payload,
        DROP COLUMN subject_key,
        ALTER COLUMN starts_at SET NOT NULL,
        ALTER COLUMN client_id SET NOT NULL,
        ALTER COLUMN appointment_id SET NOT NULL`);
  }
}
