export * from './lib/scheduling.module';
export * from './lib/scheduling.database';
export * from './lib/scheduling.consumer';
