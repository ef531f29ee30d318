import 'reflect-metadata';
import { runServiceMain } from '@massage/platform';
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
});
