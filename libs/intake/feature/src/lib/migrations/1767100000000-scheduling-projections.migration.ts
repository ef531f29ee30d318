import { createCareProjectionTables, dropCareProjectionTables } from '@massage/care-relationships';
import { createKnownLocationTable, dropKnownLocationTable } from '@massage/known-locations';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What intake learns from scheduling (ADR 0014): the tables `care_relationship` is now derived from (therapist
 * subjects, appointments and their care windows; `care_relationship` itself is unchanged since 1765100300000), and
 * the known locations whose codes intake accepts.
 */
export class SchedulingProjections1767100000000 implements MigrationInterface {
  name = 'SchedulingProjections1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await createCareProjectionTables(q);
    await createKnownLocationTable(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropKnownLocationTable(q);
    await dropCareProjectionTables(q);
  }
}
