export * from './lib/scheduling.module';
export * from './lib/scheduling.database';
