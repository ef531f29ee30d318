export * from './lib/contact';
export * from './lib/channel-choice';
export * from './lib/welcome-message';
