import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createTestDatabase, type TestDatabase } from './postgres';

export interface ServiceUnderTest {
  app: INestApplication;
  db: TestDatabase;
  /** Closes the app, then drops its database. */
  close(): Promise<void>;
}

/**
 * A service's Nest module on a fresh database of its own: DB_NAME points at it (the service reads its
 * options from the environment), `migrate` applies the service's migrations, then the app starts.
 */
export async function startServiceOnFreshDatabase(
  prefix: string,
  module: Type<unknown>,
  migrate: () => Promise<void>,
): Promise<ServiceUnderTest> {
  const db = await createTestDatabase(prefix);
  process.env['DB_NAME'] = db.name;
  await migrate();
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return {
    app,
    db,
    close: async () => {
      await app.close();
      delete process.env['DB_NAME'];
      await db.drop();
    },
  };
}
