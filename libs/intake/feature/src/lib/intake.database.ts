import { CreateMessagingTables1764230400000, MESSAGING_ENTITIES, MessagingReliability1764900000000, OutboxTombstones1764900300000 } from '@massage/messaging';
import { serviceDataSourceOptions } from '@massage/platform-database';
import type { DataSourceOptions } from 'typeorm';
import { ClientEntity } from './client.entity';
import { IntakeEntity } from './intake.entity';
import { CreateIntakeTables1764230600000 } from './migrations/1764230600000-create-intake-tables.migration';

/** Intake's own database (`massage_intake`, `DB_NAME` overrides): clients, intakes, outbox and inbox. */
export function intakeDataSourceOptions(): DataSourceOptions {
  return serviceDataSourceOptions({
    defaultDatabase: 'massage_intake',
    entities: [ClientEntity, IntakeEntity, ...MESSAGING_ENTITIES],
    migrations: [CreateMessagingTables1764230400000, CreateIntakeTables1764230600000, MessagingReliability1764900000000, OutboxTombstones1764900300000],
  });
}
