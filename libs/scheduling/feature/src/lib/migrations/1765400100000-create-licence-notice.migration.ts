import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The licence notices scheduling has published (`LicenceExpiring`): one row per therapist, jurisdiction and
 * expiry, inserted in the transaction that enqueues the event, so a notice goes out once however often (and on
 * however many replicas) the job runs; a renewal (a new expiry) has no row yet and is announced in its turn.
 */
export class CreateLicenceNotice1765400100000 implements MigrationInterface {
  name = 'CreateLicenceNotice1765400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE licence_notice (
        therapist_id uuid NOT NULL REFERENCES therapist(id),
        jurisdiction text NOT NULL,
        expires_on date NOT NULL,
        noticed_at timestamptz NOT NULL,
        PRIMARY KEY (therapist_id, jurisdiction, expires_on)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE licence_notice`);
  }
}
