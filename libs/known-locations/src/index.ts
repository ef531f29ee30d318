/*
 * `@massage/known-locations`: the locations scheduling has opened, from the compacted `scheduling.locations.v1`
 * (LocationOpened, LocationUpdated), and a service's refusal of the codes it has not heard of (404 problem+json,
 * type `unknown-location`, before any write). ADR 0014.
 *
 * Wiring a service (intake does exactly this):
 * 1. Migrations: call `createKnownLocationTable(q)` from a migration of the service's own.
 * 2. Module: `providers: [...knownLocationProviders()]` (an APP_INTERCEPTOR: it checks every route whose declared
 *    policy names a `locationParam`, after the policy guard), `controllers: [KnownLocationEventsHandler]`.
 * 3. Consumer: the service's consumer group (libs/contracts consumer-groups.ts) reads `scheduling.locations.v1`
 *    from its start (`fromBeginning`: the compacted topic lists every location).
 * Tests that do not go through Kafka record locations with `recordKnownLocation(pg, …)`; `KNOWN_LOCATIONS_ENFORCED=false`
 * turns the check off (a transition switch for processes started before any location exists, not for production).
 */
export * from './lib/known-locations.schema';
export * from './lib/known-locations';
export * from './lib/known-location-events.handler';
export * from './lib/known-location.interceptor';
export * from './lib/known-locations.providers';
