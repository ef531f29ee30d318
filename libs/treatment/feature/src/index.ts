export * from './lib/treatment.module';
export * from './lib/treatment.database';
export * from './lib/treatment.consumer';
