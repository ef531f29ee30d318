import type { DataSource } from 'typeorm';

/** A consumer's state for readiness probes (`/health/ready` detail). */
export interface ConsumerHealth {
  groupId: string;
  /** In its group and consuming. */
  connected: boolean;
  status: string;
  /** Why it is not connected (the last connect error), when it is not. */
  error?: string;
  /** Partitions paused while one of their records waits for its next attempt. */
  heldPartitions: number;
}

/** A consumer whose handlers write to a DataSource (a started ReliableKafkaTransport). */
export interface RegisteredConsumer {
  close(): Promise<void>;
  health(): ConsumerHealth;
}

const byDataSource = new WeakMap<DataSource, Set<RegisteredConsumer>>();

/**
 * Records that `consumer` handles records into `dataSource` (it may commit outbox rows there), until the
 * returned function is called. MessagingModule closes these consumers before it stops the relay of the
 * same DataSource: Nest closes an app's microservices only after `beforeApplicationShutdown`.
 */
export function registerConsumer(dataSource: DataSource, consumer: RegisteredConsumer): () => void {
  let set = byDataSource.get(dataSource);
  if (!set) {
    set = new Set();
    byDataSource.set(dataSource, set);
  }
  set.add(consumer);
  return () => {
    byDataSource.get(dataSource)?.delete(consumer);
  };
}

/** The consumers registered for `dataSource` now. */
export function consumersOf(dataSource: DataSource): RegisteredConsumer[] {
  return [...(byDataSource.get(dataSource) ?? [])];
}
