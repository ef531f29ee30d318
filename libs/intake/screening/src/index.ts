export * from './lib/screening.types';
