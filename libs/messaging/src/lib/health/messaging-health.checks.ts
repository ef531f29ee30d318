import type { OptionalFactoryDependency } from '@nestjs/common';
import { logLevel, type Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { consumersOf } from '../consumer/consumer-registry';
import { kafkaFromEnv } from '../kafka/kafka.factory';
import { OutboxRelay } from '../outbox/outbox-relay.service';

export type MessagingHealthDetail = string | { [key: string]: string | number | boolean | null };

/**
 * Shaped like `HealthCheck` of @massage/platform (messaging may not import platform). Always `detail`:
 * Kafka being down never makes a service unready, its writes go to the outbox and its consumers catch up later.
 */
export interface MessagingHealthCheck {
  name: string;
  readiness: 'detail';
  check(): Promise<MessagingHealthDetail>;
}

/** What the outbox check needs of the relay (OutboxRelay.status). */
export interface RelayStatusSource {
  status(): Promise<{ leading: boolean; kafkaConnected: boolean; parked: number | null }>;
}

export interface MessagingHealthOptions {
  /** The service name (the Kafka client id of the probe is `<source>-health`). */
  source: string;
  /** Report the `outbox` (unpublished and parked rows, the relay's role). Default true. */
  outbox?: boolean;
  /** This process's relay, when it runs one. */
  relay?: RelayStatusSource | null;
  /** Report the state of each consumer group writing to this DataSource under `consumers`. Default false. */
  consumers?: boolean;
  /** Default: a client for `KAFKA_BROKERS` that fails fast and logs nothing (a probe must not flood the log while Kafka is down). */
  kafka?: Kafka;
}

/**
 * The messaging part of a service's /health/ready body:
 * - `kafka`: `up` when a broker answers a metadata request, else `down`;
 * - `outbox`: `{ unpublished, parked, oldestUnpublishedSeconds, relay: leader | standby | none, relayKafka: connected | disconnected }`
 *   (parked rows need an operator: `main.js outbox parked`);
 * - `consumers`: `{ <group>: connected | connecting | dlq-missing | crashed | …, <group>.heldPartitions: n }`.
 * Error messages are left out, as in every health body: the logs have them.
 */
export function messagingHealthChecks(dataSource: DataSource, opts: MessagingHealthOptions): MessagingHealthCheck[] {
  const kafka =
    opts.kafka ?? kafkaFromEnv(`${opts.source}-health`, { retry: { retries: 0 }, connectionTimeout: 1000, requestTimeout: 1500, logLevel: logLevel.NOTHING });
  const checks: MessagingHealthCheck[] = [
    {
      name: 'kafka',
      readiness: 'detail',
      check: async () => {
        const admin = kafka.admin();
        try {
          await admin.connect();
          await admin.describeCluster();
          return 'up';
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      },
    },
  ];
  if (opts.outbox ?? true) {
    checks.push({ name: 'outbox', readiness: 'detail', check: () => outboxState(dataSource, opts.relay ?? null) });
  }
  if (opts.consumers) {
    checks.push({ name: 'consumers', readiness: 'detail', check: async () => consumerStates(dataSource) });
  }
  return checks;
}

async function outboxState(dataSource: DataSource, relay: RelayStatusSource | null): Promise<MessagingHealthDetail> {
  const [row] = (await dataSource.query(
    `SELECT count(*)::int AS "unpublished",
            (count(*) FILTER (WHERE "parked_at" IS NOT NULL))::int AS "parked",
            COALESCE(floor(extract(epoch FROM now() - min("created_at"))), 0)::int AS "oldestUnpublishedSeconds"
       FROM "outbox" WHERE "published_at" IS NULL`,
  )) as { unpublished: number; parked: number; oldestUnpublishedSeconds: number }[];
  const state: { [key: string]: string | number } = {
    unpublished: row?.unpublished ?? 0,
    parked: row?.parked ?? 0,
    oldestUnpublishedSeconds: row?.oldestUnpublishedSeconds ?? 0,
    relay: 'none',
  };
  if (relay) {
    const status = await relay.status();
    state['relay'] = status.leading ? 'leader' : 'standby';
    state['relayKafka'] = status.kafkaConnected ? 'connected' : 'disconnected';
  }
  return state;
}

function consumerStates(dataSource: DataSource): { [key: string]: string | number } {
  const states: { [key: string]: string | number } = {};
  for (const consumer of consumersOf(dataSource)) {
    const health = consumer.health();
    states[health.groupId] = health.status;
    if (health.heldPartitions > 0) states[`${health.groupId}.heldPartitions`] = health.heldPartitions;
  }
  return states;
}

/**
 * For `databaseHealthChecksProvider` of @massage/platform-database, in a service module that imports
 * `MessagingModule.forService`: `databaseHealthChecksProvider(messagingHealth({ source: 'intake' }))`.
 * Injects this process's OutboxRelay when it runs one.
 */
export function messagingHealth(opts: Omit<MessagingHealthOptions, 'relay'>): {
  inject: OptionalFactoryDependency[];
  checks: (dataSource: DataSource, relay: OutboxRelay | null | undefined) => MessagingHealthCheck[];
} {
  return {
    inject: [{ token: OutboxRelay, optional: true }],
    checks: (dataSource, relay) => messagingHealthChecks(dataSource, { ...opts, relay: relay ?? null }),
  };
}
