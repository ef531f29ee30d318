import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox row may carry no payload: an event declared as a tombstone (EventDefinition.tombstone, e.g.
 * ClientContactErased) is published with a null Kafka value, so a compacted topic forgets the key.
 */
export class OutboxTombstones1764900300000 implements MigrationInterface {
  name = 'OutboxTombstones1764900300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ALTER COLUMN "payload" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "outbox" WHERE "payload" IS NULL`);
    await queryRunner.query(`ALTER TABLE "outbox" ALTER COLUMN "payload" SET NOT NULL`);
  }
}
