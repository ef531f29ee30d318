export * from './lib/render-message';
export * from './lib/template-data';
export * from './lib/after-care-advice';
export * from './lib/sms-length';
export * from './lib/template-examples';
