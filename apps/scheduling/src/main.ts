import 'reflect-metadata';
import { auditCommand } from '@massage/audit';
import { SCHEDULING_CONSUMER_GROUP } from '@massage/contracts';
import { deadLetterCommand, parkedOutboxCommand } from '@massage/messaging';
import { envString, runServiceMain } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { connectSchedulingConsumer, SchedulingModule, schedulingDataSourceOptions } from '@massage/scheduling-feature';

runServiceMain({
  name: 'scheduling',
  defaultPort: 3002,
  module: SchedulingModule,
  migrate: () => runMigrations(schedulingDataSourceOptions()),
  // The eligibility projection's consumer runs in the same process as the HTTP API (a hybrid app), sharing its DataSource.
  configure: async (app) => {
    connectSchedulingConsumer(app);
    await app.startAllMicroservices();
  },
  // Operator tools (README, "Operating"): `main.js dlq list|replay`, `main.js outbox parked|retry`, `main.js audit verify`.
  commands: {
    dlq: deadLetterCommand({ groups: [envString('SCHEDULING_GROUP_ID', SCHEDULING_CONSUMER_GROUP.name)], dataSourceOptions: schedulingDataSourceOptions }),
    outbox: parkedOutboxCommand(schedulingDataSourceOptions),
    audit: auditCommand(schedulingDataSourceOptions),
  },
});
