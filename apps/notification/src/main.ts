import 'reflect-metadata';
import { createHttpService, listen, runMigrations } from '@massage/platform';
import {
  connectNotificationConsumer,
  NotificationModule,
  notificationDataSourceOptions,
} from '@massage/notification-feature';

const service = { name: 'notification', defaultPort: 3004 };

async function main(): Promise<void> {
  if (process.argv[2] === 'migrate') return runMigrations(notificationDataSourceOptions());
  const app = await createHttpService(NotificationModule, service);
  connectNotificationConsumer(app);
  await app.startAllMicroservices();
  await listen(app, service);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
