import { serviceDataSourceOptions } from '@massage/platform-database';
import type { DataSourceOptions } from 'typeorm';
import { TreatmentPlanEntity } from './treatment-plan.entity';
import { CreateTreatmentPlanTable1764230600000 } from './migrations/1764230600000-create-treatment-plan-table.migration';

/** Treatment's own database: plans now; sessions, SOAP notes and pain trends arrive in later issues. */
export function treatmentDataSourceOptions(): DataSourceOptions {
  return serviceDataSourceOptions({
    defaultDatabase: 'massage_treatment',
    entities: [TreatmentPlanEntity],
    migrations: [CreateTreatmentPlanTable1764230600000],
  });
}
