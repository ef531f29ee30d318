export * from './lib/wait-for';
export * from './lib/environment';
export * from './lib/kafka-topics';
export * from './lib/kafka';
export * from './lib/postgres';
export * from './lib/mailbox';
export * from './lib/mail-catcher';
export * from './lib/smtp';
