import { CreateMessagingTables1764230400000, MESSAGING_ENTITIES, MessagingReliability1764900000000, OutboxTombstones1764900300000 } from '@massage/messaging';
import { serviceDataSourceOptions } from '@massage/platform-database';
import { CreateAuditTrail1765100000000, SealAuditChain1767300000000 } from '@massage/audit';
import { CreateIdempotencyKeys1765100100000 } from '@massage/idempotency';
import type { DataSourceOptions } from 'typeorm';
import { ClearanceEntity } from './clearances/clearance.entity';
import { ClientEntity } from './client.entity';
import { IntakeEntity } from './intake.entity';
import { CreateIntakeTables1764230600000 } from './migrations/1764230600000-create-intake-tables.migration';
import { AddIntakeAuthor1765100200000 } from './migrations/1765100200000-add-intake-author.migration';
import { CreateCareRelationship1765100300000 } from './migrations/1765100300000-create-care-relationship.migration';
import { ClientContactErasure1765100500000 } from './migrations/1765100500000-client-contact-erasure.migration';
import { IntakeFormV21766000000000 } from './migrations/1766000000000-intake-form-v2.migration';
import { CreateScreeningTables1765200100000 } from './migrations/1765200100000-create-screening-tables.migration';
import { SeedRuleTable20261765200110000 } from './migrations/1765200110000-seed-rule-table-2026-1.migration';
import { CreateClearance1765200200000 } from './migrations/1765200200000-create-clearance.migration';
import { SchedulingProjections1767100000000 } from './migrations/1767100000000-scheduling-projections.migration';
import { RuleTableVersionEntity } from './rule-tables/rule-table-version.entity';
import { ScreeningResultEntity } from './screening/screening-result.entity';

/** Intake's own database (`massage_intake`, `DB_NAME` overrides): clients, intakes, outbox and inbox, audit trail, idempotency keys, scheduling's projections (care, known locations). */
export function intakeDataSourceOptions(): DataSourceOptions {
  return serviceDataSourceOptions({
    defaultDatabase: 'massage_intake',
    entities: [ClientEntity, IntakeEntity, ClearanceEntity, RuleTableVersionEntity, ScreeningResultEntity, ...MESSAGING_ENTITIES],
    migrations: [
      CreateMessagingTables1764230400000,
      CreateIntakeTables1764230600000,
      MessagingReliability1764900000000,
      OutboxTombstones1764900300000,
      CreateAuditTrail1765100000000,
      CreateIdempotencyKeys1765100100000,
      AddIntakeAuthor1765100200000,
      CreateCareRelationship1765100300000,
      ClientContactErasure1765100500000,
      CreateScreeningTables1765200100000,
      SeedRuleTable20261765200110000,
      CreateClearance1765200200000,
      IntakeFormV21766000000000,
      SchedulingProjections1767100000000,
      SealAuditChain1767300000000,
    ],
  });
}
