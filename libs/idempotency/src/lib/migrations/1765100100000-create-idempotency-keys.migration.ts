import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys of a service's creating POSTs (ADR 0008): the first response per (scope, key), written in
 * the creating transaction. The primary key makes a concurrent duplicate wait for the first and then replay it.
 */
export class CreateIdempotencyKeys1765100100000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1765100100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "idempotency_key" (
        "scope" text NOT NULL CHECK (length("scope") BETWEEN 1 AND 300),
        "key" text NOT NULL CHECK ("key" ~ '^[\\x21-\\x7E]{1,255}$'),
        "request_hash" text NOT NULL CHECK ("request_hash" ~ '^[0-9a-f]{64}$'),
        "response_status" integer NULL,
        "response_body" jsonb NULL,
        "created_at" timestamptz NOT NULL,
        CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("scope", "key")
      )`);
    await q.query(`CREATE INDEX "idempotency_key_created_idx" ON "idempotency_key" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "idempotency_key"`);
  }
}
