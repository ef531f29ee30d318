import { serviceDataSourceOptions } from '@massage/platform-database';
import type { DataSourceOptions } from 'typeorm';
import { LocationEntity } from './location.entity';
import { CreateLocationTable1764230500000 } from './migrations/1764230500000-create-location-table.migration';

/** Scheduling's own database; the domain (appointments, rooms, availability) arrives in later issues. */
export function schedulingDataSourceOptions(): DataSourceOptions {
  return serviceDataSourceOptions({
    defaultDatabase: 'massage_scheduling',
    entities: [LocationEntity],
    migrations: [CreateLocationTable1764230500000],
  });
}
