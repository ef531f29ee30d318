import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduling's own copy of what intake decides about a client, filled from intake's events through the inbox
 * (never read from intake's database): the client is registered, their latest screening (outcome and
 * restrictions as codes, the rule-table version, the instant screened for) and their clearances. A row is only
 * replaced by a newer fact (a later `as_of`, a later clearance state), so a replay or a late duplicate cannot
 * roll it back.
 */
export class CreateEligibilityProjection1765300200000 implements MigrationInterface {
  name = 'CreateEligibilityProjection1765300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client_registration (
        client_id uuid PRIMARY KEY,
        location_id text NOT NULL,
        registered_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE client_screening (
        client_id uuid PRIMARY KEY,
        screening_id uuid NOT NULL,
        location_id text NOT NULL,
        outcome text NOT NULL,
        restrictions jsonb NOT NULL,
        table_version text NOT NULL,
        as_of timestamptz NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE client_clearance (
        clearance_id uuid PRIMARY KEY,
        client_id uuid NOT NULL,
        rules text[] NOT NULL,
        status text NOT NULL CHECK (status IN ('recorded', 'expired', 'revoked')),
        expires_at timestamptz NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX client_clearance_by_client ON client_clearance (client_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE client_clearance`);
    await q.query(`DROP TABLE client_screening`);
    await q.query(`DROP TABLE client_registration`);
  }
}
