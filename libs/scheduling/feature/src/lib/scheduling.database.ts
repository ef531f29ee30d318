import { CreateAuditTrail1765100000000, SealAuditChain1767300000000 } from '@massage/audit';
import { CreateIdempotencyKeys1765100100000 } from '@massage/idempotency';
import { CreateMessagingTables1764230400000, MESSAGING_ENTITIES, MessagingReliability1764900000000, OutboxTombstones1764900300000 } from '@massage/messaging';
import { serviceDataSourceOptions } from '@massage/platform-database';
import type { DataSourceOptions } from 'typeorm';
import { CreateLocationTable1764230500000 } from './migrations/1764230500000-create-location-table.migration';
import { SchedulingCalendar1765300000000 } from './migrations/1765300000000-scheduling-calendar.migration';
import { CreateAppointments1765300100000 } from './migrations/1765300100000-create-appointments.migration';
import { CreateEligibilityProjection1765300200000 } from './migrations/1765300200000-create-eligibility-projection.migration';
import { CreateWaitlist1765300350000 } from './migrations/1765300350000-create-waitlist.migration';
import { CreateLicenceNotice1765400100000 } from './migrations/1765400100000-create-licence-notice.migration';
import { AppointmentLocationSpanIndex1767500000000 } from './migrations/1767500000000-appointment-location-span-index.migration';

/**
 * Scheduling's own database (`massage_scheduling`, `DB_NAME` overrides): the calendar (locations, rooms,
 * services, therapists), appointments under their exclusion constraints, the eligibility projection of intake's
 * events, outbox and inbox, audit trail and idempotency keys. Rows are read and written with SQL (ranges,
 * arrays and exclusion constraints are the point of these tables); TypeORM runs the migrations and transactions.
 */
export function schedulingDataSourceOptions(): DataSourceOptions {
  return serviceDataSourceOptions({
    defaultDatabase: 'massage_scheduling',
    entities: [...MESSAGING_ENTITIES],
    migrations: [
      CreateMessagingTables1764230400000,
      CreateLocationTable1764230500000,
      MessagingReliability1764900000000,
      OutboxTombstones1764900300000,
      CreateAuditTrail1765100000000,
      CreateIdempotencyKeys1765100100000,
      SchedulingCalendar1765300000000,
      CreateAppointments1765300100000,
      CreateEligibilityProjection1765300200000,
      CreateWaitlist1765300350000,
      CreateLicenceNotice1765400100000,
      SealAuditChain1767300000000,
      AppointmentLocationSpanIndex1767500000000,
    ],
  });
}
