export * from './lib/intake.module';
export * from './lib/intake.database';
export * from './lib/client.entity';
export * from './lib/intake.entity';
export * from './lib/migrations/1764230600000-create-intake-tables.migration';
export * from './lib/intake.consumer';
