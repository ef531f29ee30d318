import 'reflect-metadata';
import { parkedOutboxCommand } from '@massage/messaging';
import { runServiceMain } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { IntakeModule, intakeDataSourceOptions } from '@massage/intake-feature';

runServiceMain({
  name: 'intake',
  defaultPort: 3001,
  module: IntakeModule,
  migrate: () => runMigrations(intakeDataSourceOptions()),
  // Operator tools (README, "Operating"): `main.js outbox parked|retry`.
  commands: { outbox: parkedOutboxCommand(intakeDataSourceOptions) },
});
