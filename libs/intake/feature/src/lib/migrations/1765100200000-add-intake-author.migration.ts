import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The author of every intake (`taken_by`: the verified actor's subject). Older rows keep null: their author was never recorded. */
export class AddIntakeAuthor1765100200000 implements MigrationInterface {
  name = 'AddIntakeAuthor1765100200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "intake" ADD COLUMN "taken_by" text NULL CHECK (length("taken_by") BETWEEN 1 AND 128)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "intake" DROP COLUMN IF EXISTS "taken_by"`);
  }
}
