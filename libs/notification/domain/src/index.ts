export * from './lib/contact';
export * from './lib/channel-choice';
export * from './lib/welcome-message';
export * from './lib/welcome-decision';
export * from './lib/smtp-failure';
export * from './lib/reminders/reminder-plan';
export * from './lib/reminders/scheduled-message';
export * from './lib/event-messages/event-message';
