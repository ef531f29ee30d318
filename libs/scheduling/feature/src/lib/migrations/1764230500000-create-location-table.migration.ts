import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLocationTable1764230500000 implements MigrationInterface {
  name = 'CreateLocationTable1764230500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE location (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text NOT NULL,
        time_zone text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE location');
  }
}
