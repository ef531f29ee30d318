import 'reflect-metadata';
import { runServiceMain } from '@massage/platform';
import { SchedulingModule, schedulingDataSourceOptions } from '@massage/scheduling-feature';

runServiceMain({ name: 'scheduling', defaultPort: 3002, module: SchedulingModule, dataSourceOptions: schedulingDataSourceOptions });
