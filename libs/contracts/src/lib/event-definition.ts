import type { JSONSchemaType } from 'ajv';

/**
 * One entry of the event catalogue. Producers and consumers both take the definition from here,
 * so the topic, key and schema of an event are written down once.
 */
export interface EventDefinition<P> {
  /** Past-tense name, e.g. `IntakeCompleted`. */
  readonly name: string;
  readonly version: number;
  /** `massage.<service>.<name>.v<version>`: the CloudEvents `ce_type` and the `@EventPattern`. */
  readonly type: string;
  /** The service that owns and publishes the event. */
  readonly producer: string;
  readonly topic: string;
  /** What the Kafka key is, in words, for the catalogue. */
  readonly keyDescription: string;
  /** The Kafka key: events with the same key stay in order. */
  readonly key: (payload: P) => string;
  /** A sentence for analysts: when the event happens. */
  readonly description: string;
  readonly schema: JSONSchemaType<P>;
  /**
   * Set on an event published as a tombstone: a record with the key and headers but a null value, so a
   * compacted topic drops the key's earlier values. The payload is rebuilt from the record key.
   */
  readonly tombstone?: (key: string) => P;
}

export interface TopicDefinition {
  readonly name: string;
  readonly partitions: number;
  /** `delete` for event streams; `compact` for latest-value topics keyed by an id. */
  readonly cleanupPolicy: 'delete' | 'compact';
  /** Public topics carry ids and codes only; private ones are read by a single consumer group. */
  readonly visibility: 'public' | 'private';
  readonly description: string;
}

export function eventType(producer: string, name: string, version: number): string {
  return `massage.${producer}.${name}.v${version}`;
}
