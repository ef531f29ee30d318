/**
 * Tells a Kafka outage apart from a row Kafka refuses. The relay charges a failed send to the row
 * (and parks it after N tries) only when Kafka itself answered: an outage must never park good rows.
 */

/** kafkajs errors (by class name, anywhere in the cause chain) that mean "Kafka cannot be reached". */
const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSLockTimeout',
]);

/** Broker-side states that pass on their own (elections, a restarting replica): not the row's fault. */
const TRANSIENT_PROTOCOL_TYPES = new Set([
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'NOT_LEADER_OR_FOLLOWER',
  'BROKER_NOT_AVAILABLE',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'KAFKA_STORAGE_ERROR',
]);

const MAX_CAUSES = 10;

export function isKafkaUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < MAX_CAUSES && e instanceof Error; depth += 1) {
    const type = (e as { type?: unknown }).type;
    if (UNREACHABLE.has(e.name) || (typeof type === 'string' && TRANSIENT_PROTOCOL_TYPES.has(type))) return true;
    e = (e as { cause?: unknown }).cause ?? (e as { originalError?: unknown }).originalError;
  }
  return false;
}

/** The message of an error and its causes, for `outbox.last_error` and logs. */
export function describeSendError(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; depth < MAX_CAUSES && e !== undefined && e !== null; depth += 1) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    if (!parts.includes(message)) parts.push(message);
    e = e instanceof Error ? ((e as { cause?: unknown }).cause ?? (e as { originalError?: unknown }).originalError) : undefined;
  }
  return parts.join(' <- ').slice(0, 2000);
}
