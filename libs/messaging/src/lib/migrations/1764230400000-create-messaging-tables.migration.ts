import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Creates `outbox` and `inbox`. Each service lists this class in its own TypeORM `migrations`. */
export class CreateMessagingTables1764230400000 implements MigrationInterface {
  name = 'CreateMessagingTables1764230400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "outbox" (
        "id" uuid NOT NULL,
        "seq" bigserial NOT NULL,
        "topic" text NOT NULL,
        "key" text NOT NULL,
        "type" text NOT NULL,
        "headers" jsonb NOT NULL,
        "payload" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "published_at" timestamptz NULL,
        CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "outbox_unpublished_seq_idx" ON "outbox" ("seq") WHERE "published_at" IS NULL`);
    await queryRunner.query(`
      CREATE TABLE "inbox" (
        "consumer_group" text NOT NULL,
        "event_id" uuid NOT NULL,
        "event_type" text NOT NULL,
        "handled_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "inbox_pkey" PRIMARY KEY ("consumer_group", "event_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "inbox"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "outbox"`);
  }
}
