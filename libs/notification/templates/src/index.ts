export * from './lib/render-message';
