import 'reflect-metadata';
import { runServiceMain } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { IntakeModule, intakeDataSourceOptions } from '@massage/intake-feature';

runServiceMain({ name: 'intake', defaultPort: 3001, module: IntakeModule, migrate: () => runMigrations(intakeDataSourceOptions()) });
