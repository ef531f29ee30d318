import { CreateAuditTrail1765100000000, SealAuditChain1767300000000 } from '@massage/audit';
import { CreateIdempotencyKeys1765100100000 } from '@massage/idempotency';
import { CreateMessagingTables1764230400000, MESSAGING_ENTITIES, MessagingReliability1764900000000, OutboxTombstones1764900300000 } from '@massage/messaging';
import { serviceDataSourceOptions } from '@massage/platform-database';
import type { DataSourceOptions } from 'typeorm';
import { CreateTreatmentPlanTable1764230600000 } from './migrations/1764230600000-create-treatment-plan-table.migration';
import { TreatmentRecords1766100000000 } from './migrations/1766100000000-treatment-records.migration';
import { KnownLocations1766100100000 } from './migrations/1766100100000-known-locations.migration';
import { AppointmentServiceAndCompletion1767400000000 } from './migrations/1767400000000-appointment-service-and-completion.migration';

/**
 * Treatment's own database (`massage_treatment`, `DB_NAME` overrides): plans and their revisions, SOAP notes with
 * their append-only versions and amendments, the projections of scheduling's and intake's events (appointments,
 * care, known locations, screening, clearances), outbox and inbox, audit trail and idempotency keys. Rows are read and written with
 * SQL; TypeORM runs the migrations and transactions.
 */
export function treatmentDataSourceOptions(): DataSourceOptions {
  return serviceDataSourceOptions({
    defaultDatabase: 'massage_treatment',
    entities: [...MESSAGING_ENTITIES],
    migrations: [
      CreateMessagingTables1764230400000,
      CreateTreatmentPlanTable1764230600000,
      MessagingReliability1764900000000,
      OutboxTombstones1764900300000,
      CreateAuditTrail1765100000000,
      CreateIdempotencyKeys1765100100000,
      TreatmentRecords1766100000000,
      KnownLocations1766100100000,
      SealAuditChain1767300000000,
      AppointmentServiceAndCompletion1767400000000,
    ],
  });
}
