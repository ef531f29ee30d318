// `@massage/platform-database`: the part of the platform that needs TypeORM and pg, for services with a
// database. `@massage/platform` must not import it (the gateway has no database).
export * from './lib/database';
export * from './lib/database-health.provider';
export * from './lib/statement-caching.client';
