import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A client is welcomed once, not once per intake (ADR 0011): `client_welcome` holds one row per client, the
 * delivery that welcomes them, written in the same transaction as that delivery. Back-filled from the
 * welcomes already recorded (a settled one before one still waiting, then the oldest), so nobody is welcomed
 * twice across the change; a client's other welcomes still waiting for a contact are left waiting and are never
 * settled (the contact settles only the client's welcome named here).
 */
export class ClientWelcome1766000100000 implements MigrationInterface {
  name = 'ClientWelcome1766000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client_welcome (
        client_id uuid PRIMARY KEY,
        delivery_id uuid NOT NULL UNIQUE REFERENCES delivery (id) DEFERRABLE INITIALLY DEFERRED,
        welcomed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO client_welcome (client_id, delivery_id, welcomed_at)
      SELECT DISTINCT ON (client_id) client_id, id, created_at
        FROM delivery
       WHERE kind = 'welcome'
       ORDER BY client_id, (status = 'awaiting-contact'), created_at, id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE client_welcome');
  }
}
