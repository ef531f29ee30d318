import 'reflect-metadata';
import { createHttpService, listen, runMigrations } from '@massage/platform';
import { TreatmentModule, treatmentDataSourceOptions } from '@massage/treatment-feature';

const service = { name: 'treatment', defaultPort: 3003 };

async function main(): Promise<void> {
  if (process.argv[2] === 'migrate') return runMigrations(treatmentDataSourceOptions());
  const app = await createHttpService(TreatmentModule, service);
  await listen(app, service);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
