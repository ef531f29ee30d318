import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who is in whose care: one row per therapist and client with an appointment between them (ADR 0007). A
 * projection of scheduling's events (the scheduling issue fills it); the policy guard reads it for `in-care` grants.
 */
export class CreateCareRelationship1765100300000 implements MigrationInterface {
  name = 'CreateCareRelationship1765100300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "care_relationship" (
        "therapist_subject" text NOT NULL CHECK (length("therapist_subject") BETWEEN 1 AND 128),
        "client_id" uuid NOT NULL,
        "location_id" text NOT NULL CHECK ("location_id" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("location_id") <= 64),
        "since" timestamptz NOT NULL DEFAULT now(),
        "until" timestamptz NULL,
        CONSTRAINT "care_relationship_pkey" PRIMARY KEY ("therapist_subject", "client_id", "location_id")
      )`);
    await q.query(`CREATE INDEX "care_relationship_client_idx" ON "care_relationship" ("client_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "care_relationship"`);
  }
}
