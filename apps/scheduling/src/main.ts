import 'reflect-metadata';
import { runServiceMain } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { SchedulingModule, schedulingDataSourceOptions } from '@massage/scheduling-feature';

runServiceMain({ name: 'scheduling', defaultPort: 3002, module: SchedulingModule, migrate: () => runMigrations(schedulingDataSourceOptions()) });
