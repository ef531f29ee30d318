// `@massage/audit`: the durable, hash-chained audit trail of a service that holds health data (ADR 0008, ADR 0025).
export * from './lib/audit-chain';
export * from './lib/audit-trail.service';
export * from './lib/audit-sealer.service';
export * from './lib/audit-verify';
export * from './lib/audit.module';
export * from './lib/migrations/1765100000000-create-audit-trail.migration';
export * from './lib/migrations/1767300000000-seal-audit-chain.migration';
