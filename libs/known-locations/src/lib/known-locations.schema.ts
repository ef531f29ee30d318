import type { QueryRunner } from 'typeorm';

/**
 * `known_location`: the locations scheduling has opened, as the compacted `scheduling.locations.v1` tells them
 * (LocationOpened, LocationUpdated). A service calls this from a migration of its own.
 */
export async function createKnownLocationTable(q: QueryRunner): Promise<void> {
  await q.query(`
    CREATE TABLE "known_location" (
      "location_id" text PRIMARY KEY CHECK ("location_id" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length("location_id") <= 64),
      "name" text NOT NULL,
      "time_zone" text NOT NULL,
      "jurisdiction" text NOT NULL,
      "opened_at" timestamptz NOT NULL,
      "as_of" timestamptz NOT NULL
    )`);
}

export async function dropKnownLocationTable(q: QueryRunner): Promise<void> {
  await q.query(`DROP TABLE "known_location"`);
}
