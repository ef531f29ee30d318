import 'reflect-metadata';
import { runServiceMain } from '@massage/platform';
import { TreatmentModule, treatmentDataSourceOptions } from '@massage/treatment-feature';

runServiceMain({ name: 'treatment', defaultPort: 3003, module: TreatmentModule, dataSourceOptions: treatmentDataSourceOptions });
