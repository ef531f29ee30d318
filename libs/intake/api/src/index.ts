export * from './lib/intake-http.constants';
export * from './lib/client.api';
export * from './lib/intake.api';
