import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reliability under faults (issue 5):
 * - `outbox.attempts/last_error/parked_at`: a row the relay cannot publish is parked after N tries
 *   instead of stopping every later event; later rows with the same key wait behind it.
 * - `consumer_attempt`: failed handler attempts per (group, event), so the count survives a
 *   rebalance, a restart and a kill -9; the row goes when the event is applied or dead-lettered.
 * - indexes for pruning published outbox rows and handled inbox rows in small batches.
 */
export class MessagingReliability1764900000000 implements MigrationInterface {
  name = 'MessagingReliability1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD COLUMN "attempts" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "outbox" ADD COLUMN "last_error" text NULL`);
    await queryRunner.query(`ALTER TABLE "outbox" ADD COLUMN "parked_at" timestamptz NULL`);
    await queryRunner.query(`CREATE INDEX "outbox_published_at_idx" ON "outbox" ("published_at") WHERE "published_at" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "outbox_parked_key_idx" ON "outbox" ("key") WHERE "parked_at" IS NOT NULL AND "published_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "inbox_handled_at_idx" ON "inbox" ("handled_at")`);
    await queryRunner.query(`
      CREATE TABLE "consumer_attempt" (
        "consumer_group" text NOT NULL,
        "event_id" uuid NOT NULL,
        "attempts" integer NOT NULL,
        "last_error" text NULL,
        "next_attempt_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "consumer_attempt_pkey" PRIMARY KEY ("consumer_group", "event_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "consumer_attempt"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "inbox_handled_at_idx"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "outbox_parked_key_idx"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "outbox_published_at_idx"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "parked_at", DROP COLUMN "last_error", DROP COLUMN "attempts"`);
  }
}
