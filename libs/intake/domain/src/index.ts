export * from './lib/intake-rules';
export * from './lib/violation';
export * from './lib/calendar';
export * from './lib/client-registration';
export * from './lib/intake-submission';
export * from './lib/intake-completed.mapper';
export * from './lib/clearance';
export * from './lib/health-answers';
