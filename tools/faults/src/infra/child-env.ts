/**
 * The environment of every process the suite starts. The caller's shell may point at the SHARED stack
 * (scripts/env.sh exports KAFKA_BROKERS, PGPORT, SMTP_PORT, DATA_DIR…): all of that is dropped, so a
 * child only ever sees the suite's own broker, cluster and SMTP server, passed explicitly.
 */
const SHARED_STACK_VARIABLES = /^(KAFKA_|PG|SMTP_|MAILBOX_DIR$|DATA_DIR$|RUN_DIR$|DB_NAME$|NOTIFICATION_|MASSAGE_ENV_LOADED$|PORT$|BIND_HOST$)/;

/** Ports of the shared stack (docs/architecture.md): the suite refuses to signal or reconfigure anything on them. */
export const SHARED_PORTS: ReadonlySet<number> = new Set([9092, 9093, 5432, 2525, 8025, 3000, 3001, 3002, 3003, 3004]);

export function childEnv(own: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!SHARED_STACK_VARIABLES.test(name)) base[name] = value;
  }
  // The suite's broker has no logins (kafka-broker.ts): its clients connect without SASL.
  return { ...base, KAFKAJS_NO_PARTITIONER_WARNING: '1', KAFKA_AUTH: 'none', ...own };
}

/** Throws when a port the suite was about to use belongs to the shared stack. */
export function assertOwnPort(port: number, what: string): void {
  if (SHARED_PORTS.has(port)) throw new Error(`refusing to use ${what} port ${port}: it belongs to the shared stack`);
}
