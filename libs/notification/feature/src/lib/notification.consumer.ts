import { NOTIFICATION_CONSUMER_GROUP } from '@massage/contracts';
import { ReliableKafkaTransport, type ReliableKafkaTransportOptions } from '@massage/messaging';
import { envString, kafkaBrokersFromEnv } from '@massage/platform';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Deadline of one handler attempt (its transaction and its SMTP send). Above every SMTP wait
 * (SMTP_TIMEOUTS_MS), so a stalled server fails the send first, and well under the session timeout.
 */
export const NOTIFICATION_HANDLER_TIMEOUT_MS = 10_000;

/** The consumer's session timeout: how long a member that vanished keeps its partitions. */
export const NOTIFICATION_SESSION_TIMEOUT_MS = 20_000;

/** The topics notification consumes: public intake events and its private contact topic. */
export const NOTIFICATION_CONSUMED_TOPICS = [...NOTIFICATION_CONSUMER_GROUP.topics];

/** The transport options notification runs with; `overrides` win (tests: topics, group, DLQ, backoff). */
export function notificationConsumerOptions(
  dataSource: DataSource,
  overrides: Partial<ReliableKafkaTransportOptions> = {},
): ReliableKafkaTransportOptions {
  return {
    brokers: kafkaBrokersFromEnv(),
    groupId: envString('NOTIFICATION_GROUP_ID', NOTIFICATION_CONSUMER_GROUP.name),
    topics: NOTIFICATION_CONSUMED_TOPICS,
    dataSource,
    // A new group (first deploy, or offsets expired) must read the compacted contact topic from the
    // start to rebuild the contact projection. Re-reading intake events is harmless: the inbox and
    // the unique (trigger, kind) on `delivery` stop a second welcome for an event already handled.
    fromBeginning: true,
    // A record waiting for its retry (an SMTP outage) holds its own partition only: the transport
    // pauses that partition until the retry is due, and the other partitions go on meanwhile (each
    // partition stays in order; ADR 0005). Three partitions are handled at once. A missing contact is
    // not retried: the welcome waits for it in the database (status `awaiting-contact`) and the contact
    // event completes it.
    partitionsConsumedConcurrently: 3,
    handlerTimeoutMs: NOTIFICATION_HANDLER_TIMEOUT_MS,
    // A member killed without leaving holds its partitions until its session expires (kafkajs: 30 s);
    // 20 s is the least that keeps the 10 s deadline at half of it (docs/reliability.md, consumer kill).
    consumerConfig: { sessionTimeout: NOTIFICATION_SESSION_TIMEOUT_MS },
    // One record per transaction: a handler sends its e-mail before the transaction commits, so a group
    // lost after one handler ran (a later handler past its deadline, a crash) would send every earlier
    // e-mail of the group again. SMTP dominates the cost anyway, so batching would buy nothing here.
    maxRecordsPerTransaction: 1,
    // Sending depends on the SMTP server: ride out a short outage (about a minute of backoff)
    // before the event that sends a welcome (IntakeCompleted, or the ClientContactRecorded it was
    // waiting for) goes to the DLQ, instead of the transport's default of a few seconds. Only
    // outages are retried (4xx, connection failures: MailNotSentError); a permanent refusal (5xx to
    // the recipient or the content) is recorded as a `failed` welcome and the event commits at once.
    maxAttempts: 8,
    initialBackoffMs: 500,
    maxBackoffMs: 30_000,
    ...overrides,
  };
}

/**
 * Builds notification's reliable Kafka consumer (inbox, retry, DLQ `<group>.dlq`) and connects it
 * to the app; call `app.startAllMicroservices()` afterwards.
 */
export function connectNotificationConsumer(
  app: INestApplication,
  overrides: Partial<ReliableKafkaTransportOptions> = {},
): ReliableKafkaTransport {
  const strategy = new ReliableKafkaTransport(notificationConsumerOptions(app.get(DataSource), overrides));
  app.connectMicroservice({ strategy });
  return strategy;
}
