// `@massage/idempotency`: Idempotency-Key support for a service's creating POSTs (ADR 0008).
export * from './lib/idempotency.store';
export * from './lib/idempotency.module';
export * from './lib/migrations/1765100100000-create-idempotency-keys.migration';
