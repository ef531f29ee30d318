import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a client's contact details were erased on request (ADR 0010); null while they are kept. A client
 * must still have a way to be reached and one for the preferred channel, unless the contact was erased.
 */
export class ClientContactErasure1765100500000 implements MigrationInterface {
  name = 'ClientContactErasure1765100500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "client" ADD COLUMN "contact_erased_at" timestamptz NULL`);
    await queryRunner.query(`ALTER TABLE "client" DROP CONSTRAINT "client_contact_present"`);
    await queryRunner.query(`ALTER TABLE "client" DROP CONSTRAINT "client_preferred_channel_reachable"`);
    await queryRunner.query(
      `ALTER TABLE "client" ADD CONSTRAINT "client_contact_present" CHECK ("contact_erased_at" IS NOT NULL OR "email" IS NOT NULL OR "phone" IS NOT NULL)`,
    );
    await queryRunner.query(
      `ALTER TABLE "client" ADD CONSTRAINT "client_preferred_channel_reachable" CHECK (
         "contact_erased_at" IS NOT NULL OR ("preferred_channel" = 'email' AND "email" IS NOT NULL) OR ("preferred_channel" = 'sms' AND "phone" IS NOT NULL))`,
    );
    // Erased means no way to reach the client is left.
    await queryRunner.query(
      `ALTER TABLE "client" ADD CONSTRAINT "client_erased_contact_empty" CHECK ("contact_erased_at" IS NULL OR ("email" IS NULL AND "phone" IS NULL))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "client" DROP CONSTRAINT "client_erased_contact_empty"`);
    await queryRunner.query(`ALTER TABLE "client" DROP CONSTRAINT "client_preferred_channel_reachable"`);
    await queryRunner.query(`ALTER TABLE "client" DROP CONSTRAINT "client_contact_present"`);
    await queryRunner.query(`ALTER TABLE "client" DROP COLUMN "contact_erased_at"`);
    await queryRunner.query(`ALTER TABLE "client" ADD CONSTRAINT "client_contact_present" CHECK ("email" IS NOT NULL OR "phone" IS NOT NULL) NOT VALID`);
    await queryRunner.query(
      `ALTER TABLE "client" ADD CONSTRAINT "client_preferred_channel_reachable" CHECK (
         ("preferred_channel" = 'email' AND "email" IS NOT NULL) OR ("preferred_channel" = 'sms' AND "phone" IS NOT NULL)) NOT VALID`,
    );
  }
}
