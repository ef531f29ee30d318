/*
 * `@massage/care-relationships`: who is in a therapist's care, from scheduling's events (ADR 0014,
 * docs/security.md "Care relationships"). Shared by every service that guards health data with `in-care` grants.
 *
 * Wiring a service (intake does exactly this; see libs/intake/feature):
 * 1. Migrations: from a migration of the service's own (its own timestamp), call `createCareTables(q)` (a service
 *    with no `care_relationship` yet) or `createCareProjectionTables(q)` (intake, which has had it since ADR 0007);
 *    `dropCareTables` / `dropCareProjectionTables` in `down`.
 * 2. Module: `providers: [...careRelationshipProviders()]` (the policy guard's `CARE_RELATIONSHIPS`, the projection,
 *    the retention policy: `retentionDays` or env `CARE_RETENTION_DAYS`, default 30) beside a `CLOCK` provider, and
 *    `controllers: [CareRelationshipEventsHandler]`. `isInCare` reads the service's Clock: a test moves time.
 * 3. Consumer: the service's reliable consumer group (libs/contracts consumer-groups.ts, which also gives it the
 *    Kafka ACLs) reads `scheduling.therapists.v1` and `scheduling.appointments.v1`; the handler writes through the
 *    consumer's `ctx.manager`, so each event is applied in the transaction of its inbox row, once per group.
 * A service with its own handlers of the same events (treatment opens notes at check-in) can call
 * `CareRelationshipProjection` from them instead of listing the handler: one handler per event type in a service.
 */
export * from './lib/care-rule';
export * from './lib/care-relationships.schema';
export * from './lib/care-relationship.projection';
export * from './lib/care-relationships.table';
export * from './lib/care-relationship-events.handler';
export * from './lib/care-relationships.providers';
