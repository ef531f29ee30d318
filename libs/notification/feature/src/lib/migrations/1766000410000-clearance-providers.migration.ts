import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a clearance letter needs (issue 10): the client's date of birth on `contact` (the physician identifies the
 * patient by it) and `clearance_provider`, the e-mail of each provider asked for a clearance, both from the private
 * contact record. A provider belongs to the client's contact: the contact's erasure deletes them too.
 */
export class ClearanceProviders1766000410000 implements MigrationInterface {
  name = 'ClearanceProviders1766000410000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contact ADD COLUMN date_of_birth date`);
    await q.query(`
      CREATE TABLE clearance_provider (
        clearance_id uuid PRIMARY KEY,
        client_id uuid NOT NULL REFERENCES contact (client_id) ON DELETE CASCADE,
        name text NOT NULL CONSTRAINT clearance_provider_name_check CHECK (length(name) BETWEEN 1 AND 200),
        email text NOT NULL CONSTRAINT clearance_provider_email_check CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX clearance_provider_client_idx ON clearance_provider (client_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE clearance_provider');
    await q.query('ALTER TABLE contact DROP COLUMN date_of_birth');
  }
}
