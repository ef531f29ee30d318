import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A welcome can wait for the client's contact details: `delivery.status` gains `awaiting-contact`
 * (channel not known yet, so `channel` becomes nullable), and `correlation_id` keeps the triggering
 * event's correlation id for the NotificationSent published when the contact arrives.
 */
export class WelcomeAwaitingContact1764231000000 implements MigrationInterface {
  name = 'WelcomeAwaitingContact1764231000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE delivery
        ADD COLUMN correlation_id text,
        ALTER COLUMN channel DROP NOT NULL,
        DROP CONSTRAINT delivery_status_check,
        ADD CONSTRAINT delivery_status_check CHECK (status IN ('awaiting-contact', 'sent', 'skipped')),
        DROP CONSTRAINT delivery_outcome_check,
        ADD CONSTRAINT delivery_outcome_check CHECK (
          (status = 'sent' AND channel IS NOT NULL AND sent_at IS NOT NULL AND skip_reason IS NULL)
          OR (status = 'skipped' AND channel IS NOT NULL AND sent_at IS NULL AND skip_reason IS NOT NULL)
          OR (status = 'awaiting-contact' AND channel IS NULL AND sent_at IS NULL AND skip_reason IS NULL AND smtp_message_id IS NULL)
        )`);
    // The contact handler looks up the welcomes waiting for one client; few rows ever wait.
    await q.query(`CREATE INDEX delivery_awaiting_contact_idx ON delivery (client_id) WHERE status = 'awaiting-contact'`);
  }

  /** Welcomes still waiting for a contact cannot be represented before this migration: they are dropped. */
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX delivery_awaiting_contact_idx');
    await q.query(`DELETE FROM delivery WHERE status = 'awaiting-contact'`);
    await q.query(`
      ALTER TABLE delivery
        DROP CONSTRAINT delivery_outcome_check,
        ADD CONSTRAINT delivery_outcome_check CHECK (
          (status = 'sent' AND sent_at IS NOT NULL AND skip_reason IS NULL)
          OR (status = 'skipped' AND sent_at IS NULL AND skip_reason IS NOT NULL)
        ),
        DROP CONSTRAINT delivery_status_check,
        ADD CONSTRAINT delivery_status_check CHECK (status IN ('sent', 'skipped')),
        ALTER COLUMN channel SET NOT NULL,
        DROP COLUMN correlation_id`);
  }
}
