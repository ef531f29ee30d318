import 'reflect-metadata';
import { runServiceMain } from '@massage/platform';
import { IntakeModule, intakeDataSourceOptions } from '@massage/intake-feature';

runServiceMain({ name: 'intake', defaultPort: 3001, module: IntakeModule, dataSourceOptions: intakeDataSourceOptions });
