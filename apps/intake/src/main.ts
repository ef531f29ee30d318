import 'reflect-metadata';
import { createHttpService, listen, runMigrations } from '@massage/platform';
import { IntakeModule, intakeDataSourceOptions } from '@massage/intake-feature';

const service = { name: 'intake', defaultPort: 3001 };

async function main(): Promise<void> {
  if (process.argv[2] === 'migrate') return runMigrations(intakeDataSourceOptions());
  const app = await createHttpService(IntakeModule, service);
  await listen(app, service);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
