import 'reflect-metadata';
import { NOTIFICATION_CONSUMER_GROUP } from '@massage/contracts';
import { deadLetterCommand, parkedOutboxCommand } from '@massage/messaging';
import { envInt, envString, runServiceMain } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { connectNotificationConsumer, NotificationModule, notificationDataSourceOptions } from '@massage/notification-feature';

runServiceMain({
  name: 'notification',
  defaultPort: 3004,
  module: NotificationModule,
  migrate: () => runMigrations(notificationDataSourceOptions()),
  // The Kafka consumer runs in the same process as the HTTP API (a hybrid app), sharing its DataSource.
  configure: async (app) => {
    // NOTIFICATION_MAX_ATTEMPTS / NOTIFICATION_MAX_BACKOFF_MS: a shorter retry budget, for the fault suite's poison
    // scenario (docs/reliability.md); unset, notification's own (notification.consumer.ts).
    const budget = { maxAttempts: envInt('NOTIFICATION_MAX_ATTEMPTS', 0), maxBackoffMs: envInt('NOTIFICATION_MAX_BACKOFF_MS', 0) };
    connectNotificationConsumer(app, Object.fromEntries(Object.entries(budget).filter(([, v]) => v > 0)));
    await app.startAllMicroservices();
  },
  // Operator tools (README, "Operating"): `main.js dlq list|replay`, `main.js outbox parked|retry`.
  commands: {
    dlq: deadLetterCommand({ groups: [envString('NOTIFICATION_GROUP_ID', NOTIFICATION_CONSUMER_GROUP.name)], dataSourceOptions: notificationDataSourceOptions }),
    outbox: parkedOutboxCommand(notificationDataSourceOptions),
  },
});
