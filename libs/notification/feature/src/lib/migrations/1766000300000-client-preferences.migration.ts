import type { MigrationInterface, QueryRunner } from 'typeorm';

const OPT_OUT_VIA = `('stop-reply', 'unsubscribe-link', 'front-desk')`;

/**
 * What a client chose about messages, and what the SMS channel records (issue 10, ADR 0021 "Preferences and
 * opt-out"). `client_preference`: opted out per channel (when and how), the quiet-hours choice and a language that
 * overrides the contact's. On `scheduled_message`: the provider's message id and the latest delivery status (the
 * first final one wins), `failure_detail` (why a channel could not carry the message, `opted-out`/`no-channel`, or
 * the provider's code of a refusal; `failure_reason` stays the contract's reason) and `resend_of`/`resend_no` (a
 * resend is a new row with its own key: the unique appointment, kind and channel take the resend's number, 0 for the
 * original, which the scheduling upsert keeps conflicting on).
 */
export class ClientPreferences1766000300000 implements MigrationInterface {
  name = 'ClientPreferences1766000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client_preference (
        client_id uuid PRIMARY KEY,
        email_opted_out_at timestamptz,
        email_opt_out_via text CONSTRAINT client_preference_email_via_check CHECK (email_opt_out_via IN ${OPT_OUT_VIA}),
        sms_opted_out_at timestamptz,
        sms_opt_out_via text CONSTRAINT client_preference_sms_via_check CHECK (sms_opt_out_via IN ${OPT_OUT_VIA}),
        quiet_hours_opt_out boolean NOT NULL DEFAULT false,
        language text CONSTRAINT client_preference_language_check CHECK (language IN ('en', 'fr')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT client_preference_email_opt_out_check CHECK ((email_opted_out_at IS NULL) = (email_opt_out_via IS NULL)),
        CONSTRAINT client_preference_sms_opt_out_check CHECK ((sms_opted_out_at IS NULL) = (sms_opt_out_via IS NULL))
      )`);
    // A STOP reply names a phone number, not a client.
    await q.query('CREATE INDEX contact_phone_idx ON contact (phone) WHERE phone IS NOT NULL');
    await q.query(`
      ALTER TABLE scheduled_message
        ADD COLUMN provider_message_id text,
        ADD COLUMN delivery_status text CONSTRAINT scheduled_message_delivery_status_check CHECK (delivery_status ~ '^[A-Z0-9_]{1,64}$'),
        ADD COLUMN delivery_final boolean NOT NULL DEFAULT false,
        ADD COLUMN delivery_updated_at timestamptz,
        ADD COLUMN failure_detail text CONSTRAINT scheduled_message_failure_detail_check CHECK (failure_detail ~ '^[A-Za-z0-9_.-]{1,64}$'),
        ADD COLUMN resend_of uuid REFERENCES scheduled_message (id),
        ADD COLUMN resend_no integer NOT NULL DEFAULT 0 CONSTRAINT scheduled_message_resend_no_check CHECK (resend_no >= 0),
        ADD CONSTRAINT scheduled_message_resend_check CHECK ((resend_of IS NULL) = (resend_no = 0)),
        DROP CONSTRAINT scheduled_message_appointment_kind_channel_key,
        ADD CONSTRAINT scheduled_message_appointment_kind_channel_key UNIQUE (appointment_id, kind, channel, resend_no)`);
    await q.query('CREATE UNIQUE INDEX scheduled_message_provider_message_id_key ON scheduled_message (provider_message_id) WHERE provider_message_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM scheduled_message WHERE resend_of IS NOT NULL');
    await q.query('DROP INDEX scheduled_message_provider_message_id_key');
    await q.query(`
      ALTER TABLE scheduled_message
        DROP CONSTRAINT scheduled_message_appointment_kind_channel_key,
        ADD CONSTRAINT scheduled_message_appointment_kind_channel_key UNIQUE (appointment_id, kind, channel),
        DROP CONSTRAINT scheduled_message_resend_check,
        DROP COLUMN resend_no,
        DROP COLUMN resend_of,
        DROP COLUMN failure_detail,
        DROP COLUMN delivery_updated_at,
        DROP COLUMN delivery_final,
        DROP COLUMN delivery_status,
        DROP COLUMN provider_message_id`);
    await q.query('DROP INDEX contact_phone_idx');
    await q.query('DROP TABLE client_preference');
  }
}
