// `@massage/platform`: what every service shares, the gateway included, so nothing reached from here
// may import the database libraries (index.spec.ts checks). Database plumbing is the
// library `@massage/platform-database` (libs/platform-database).
export * from './lib/env';
export * from './lib/problem-details.filter';
export * from './lib/validation';
export * from './lib/idempotency-key';
export * from './lib/health.controller';
export * from './lib/bootstrap';
export * from './lib/service-main';
export * from './lib/clock';
export * from './lib/due-job';
export * from './lib/due-job-runner';
