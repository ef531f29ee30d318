import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery can end `failed`: the SMTP server refused the message for good (a 5xx to the recipient
 * or the content), so it is recorded as a final outcome instead of being retried and dead-lettered.
 * `failure_reason` says why, as a code (`recipient-rejected`, `message-rejected`: the CHECK keeps
 * free text, such as a server reply quoting the address, out of it), `failure_smtp_code` the 5xx reply.
 */
export class DeliveryFailed1764231200000 implements MigrationInterface {
  name = 'DeliveryFailed1764231200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE delivery
        ADD COLUMN failure_reason text
          CONSTRAINT delivery_failure_reason_check CHECK (failure_reason IN ('recipient-rejected', 'message-rejected')),
        ADD COLUMN failure_smtp_code smallint
          CONSTRAINT delivery_failure_smtp_code_check CHECK (failure_smtp_code BETWEEN 500 AND 599),
        DROP CONSTRAINT delivery_status_check,
        ADD CONSTRAINT delivery_status_check CHECK (status IN ('awaiting-contact', 'sent', 'skipped', 'failed')),
        DROP CONSTRAINT delivery_outcome_check,
        ADD CONSTRAINT delivery_outcome_check CHECK (
          (status = 'sent' AND channel IS NOT NULL AND sent_at IS NOT NULL AND skip_reason IS NULL
            AND failure_reason IS NULL AND failure_smtp_code IS NULL)
          OR (status = 'skipped' AND channel IS NOT NULL AND sent_at IS NULL AND skip_reason IS NOT NULL
            AND failure_reason IS NULL AND failure_smtp_code IS NULL)
          OR (status = 'awaiting-contact' AND channel IS NULL AND sent_at IS NULL AND skip_reason IS NULL AND smtp_message_id IS NULL
            AND failure_reason IS NULL AND failure_smtp_code IS NULL)
          OR (status = 'failed' AND channel IS NOT NULL AND sent_at IS NULL AND skip_reason IS NULL AND smtp_message_id IS NULL
            AND failure_reason IS NOT NULL)
        )`);
  }

  /**
   * `failed` cannot be represented before this migration: such deliveries become `skipped` with the
   * reason in `skip_reason`, so the welcome stays settled (never sent a second time) and the reason is kept.
   */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE delivery
         SET status = 'skipped',
             skip_reason = 'e-mail refused: ' || failure_reason || coalesce(' (SMTP ' || failure_smtp_code || ')', ''),
             failure_reason = NULL,
             failure_smtp_code = NULL
       WHERE status = 'failed'`);
    await q.query(`
      ALTER TABLE delivery
        DROP CONSTRAINT delivery_outcome_check,
        ADD CONSTRAINT delivery_outcome_check CHECK (
          (status = 'sent' AND channel IS NOT NULL AND sent_at IS NOT NULL AND skip_reason IS NULL)
          OR (status = 'skipped' AND channel IS NOT NULL AND sent_at IS NULL AND skip_reason IS NOT NULL)
          OR (status = 'awaiting-contact' AND channel IS NULL AND sent_at IS NULL AND skip_reason IS NULL AND smtp_message_id IS NULL)
        ),
        DROP CONSTRAINT delivery_status_check,
        ADD CONSTRAINT delivery_status_check CHECK (status IN ('awaiting-contact', 'sent', 'skipped')),
        DROP COLUMN failure_smtp_code,
        DROP COLUMN failure_reason`);
  }
}
