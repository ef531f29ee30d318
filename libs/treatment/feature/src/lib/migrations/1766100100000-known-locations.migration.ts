import { createKnownLocationTable, dropKnownLocationTable } from '@massage/known-locations';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The locations scheduling has opened (@massage/known-locations, ADR 0014), from `scheduling.locations.v1`:
 * treatment refuses a code nobody opened (404 `unknown-location`), and reads a location's zone for its local day.
 */
export class KnownLocations1766100100000 implements MigrationInterface {
  name = 'KnownLocations1766100100000';

  async up(q: QueryRunner): Promise<void> {
    await createKnownLocationTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropKnownLocationTable(q);
  }
}
