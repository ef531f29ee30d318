import 'reflect-metadata';
import { auditCommand } from '@massage/audit';
import { INTAKE_CONSUMER_GROUP } from '@massage/contracts';
import { deadLetterCommand, parkedOutboxCommand } from '@massage/messaging';
import { envString, runServiceMain } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { connectIntakeConsumer, IntakeModule, intakeDataSourceOptions } from '@massage/intake-feature';

runServiceMain({
  name: 'intake',
  defaultPort: 3001,
  module: IntakeModule,
  migrate: () => runMigrations(intakeDataSourceOptions()),
  // Scheduling's projections (care relationships, known locations) are consumed in the same process (a hybrid app).
  configure: async (app) => {
    connectIntakeConsumer(app);
    await app.startAllMicroservices();
  },
  // Operator tools (README, "Operating"): `main.js dlq list|replay`, `main.js outbox parked|retry`.
  // `main.js audit verify` walks the audit hash chain; it exits 1 at the first altered or missing row (ADR 0008).
  commands: {
    dlq: deadLetterCommand({ groups: [envString('INTAKE_GROUP_ID', INTAKE_CONSUMER_GROUP.name)], dataSourceOptions: intakeDataSourceOptions }),
    outbox: parkedOutboxCommand(intakeDataSourceOptions),
    audit: auditCommand(intakeDataSourceOptions),
  },
});
