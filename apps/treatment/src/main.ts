import 'reflect-metadata';
import { auditCommand } from '@massage/audit';
import { TREATMENT_CONSUMER_GROUP } from '@massage/contracts';
import { deadLetterCommand, parkedOutboxCommand } from '@massage/messaging';
import { envString, runServiceMain } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { connectTreatmentConsumer, TreatmentModule, treatmentDataSourceOptions } from '@massage/treatment-feature';

runServiceMain({
  name: 'treatment',
  defaultPort: 3003,
  module: TreatmentModule,
  migrate: () => runMigrations(treatmentDataSourceOptions()),
  // The projections' consumer (appointments, care, screening) runs in the same process as the HTTP API, sharing its DataSource.
  configure: async (app) => {
    connectTreatmentConsumer(app);
    await app.startAllMicroservices();
  },
  // Operator tools (README, "Operating"): `main.js dlq list|replay`, `main.js outbox parked|retry`, `main.js audit verify`.
  commands: {
    dlq: deadLetterCommand({ groups: [envString('TREATMENT_GROUP_ID', TREATMENT_CONSUMER_GROUP.name)], dataSourceOptions: treatmentDataSourceOptions }),
    outbox: parkedOutboxCommand(treatmentDataSourceOptions),
    audit: auditCommand(treatmentDataSourceOptions),
  },
});
