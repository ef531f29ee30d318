/** The LISTEN/NOTIFY channel OutboxWriter notifies (on commit) and OutboxRelay listens on. */
export const OUTBOX_CHANNEL = 'outbox';
