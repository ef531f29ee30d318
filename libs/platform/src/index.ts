export * from './lib/env';
export * from './lib/database';
export * from './lib/problem-details.filter';
export * from './lib/validation';
export * from './lib/health.controller';
export * from './lib/bootstrap';
export * from './lib/service-main';
