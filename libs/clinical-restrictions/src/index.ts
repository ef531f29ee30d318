export * from './lib/restriction.types';
export * from './lib/restriction-coverage';
export * from './lib/deferral';
