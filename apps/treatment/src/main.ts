import 'reflect-metadata';
import { runServiceMain } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { TreatmentModule, treatmentDataSourceOptions } from '@massage/treatment-feature';

runServiceMain({ name: 'treatment', defaultPort: 3003, module: TreatmentModule, migrate: () => runMigrations(treatmentDataSourceOptions()) });
