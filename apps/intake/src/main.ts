import 'reflect-metadata';
import { auditCommand } from '@massage/audit';
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
  // `main.js audit verify` walks the audit hash chain; it exits 1 at the first altered or missing row (ADR 0008).
  commands: { outbox: parkedOutboxCommand(intakeDataSourceOptions), audit: auditCommand(intakeDataSourceOptions) },
});
