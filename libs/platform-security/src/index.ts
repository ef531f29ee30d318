// `@massage/platform-security`: the Nest side of access control (ADR 0007, docs/security.md). The rules
// themselves are data in `@massage/security`; this library applies them to HTTP routes.
export * from './lib/jws';
export * from './lib/auth-dev-mode';
export * from './lib/gateway-assertion';
export * from './lib/route-policy.decorators';
export * from './lib/current-actor.decorator';
export * from './lib/care-relationships';
export * from './lib/session-ownership';
export * from './lib/policy-evaluation';
export * from './lib/service-policy.guard';
export * from './lib/service-trust.providers';
export * from './lib/route-table';
