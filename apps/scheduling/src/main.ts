import 'reflect-metadata';
import { createHttpService, listen, runMigrations } from '@massage/platform';
import { SchedulingModule, schedulingDataSourceOptions } from '@massage/scheduling-feature';

const service = { name: 'scheduling', defaultPort: 3002 };

async function main(): Promise<void> {
  if (process.argv[2] === 'migrate') return runMigrations(schedulingDataSourceOptions());
  const app = await createHttpService(SchedulingModule, service);
  await listen(app, service);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
