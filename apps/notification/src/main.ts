import 'reflect-metadata';
import { NOTIFICATION_CONSUMER_GROUP } from '@massage/contracts';
import { deadLetterCommand, parkedOutboxCommand } from '@massage/messaging';
import { envString, runServiceMain } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { connectNotificationConsumer, NotificationModule, notificationDataSourceOptions } from '@massage/notification-feature';

runServiceMain({
  name: 'notification',
  defaultPort: 3004,
  module: NotificationModule,
  migrate: () => runMigrations(notificationDataSourceOptions()),
  // The Kafka consumer runs in the same process as the HTTP API (a hybrid app), sharing its DataSource.
  configure: async (app) => {
    connectNotificationConsumer(app);
    await app.startAllMicroservices();
  },
  // Operator tools (README, "Operating"): `main.js dlq list|replay`, `main.js outbox parked|retry`.
  commands: {
    dlq: deadLetterCommand({ groups: [envString('NOTIFICATION_GROUP_ID', NOTIFICATION_CONSUMER_GROUP.name)], dataSourceOptions: notificationDataSourceOptions }),
    outbox: parkedOutboxCommand(notificationDataSourceOptions),
  },
});
