import { SCHEDULING_CONSUMER_GROUP } from '@massage/contracts';
import { ReliableKafkaTransport, type ReliableKafkaTransportOptions } from '@massage/messaging';
import { envString, kafkaBrokersFromEnv } from '@massage/platform';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The transport options of scheduling's eligibility projection; `overrides` win (tests: topics, group, DLQ, backoff). */
export function schedulingConsumerOptions(dataSource: DataSource, overrides: Partial<ReliableKafkaTransportOptions> = {}): ReliableKafkaTransportOptions {
  return {
    brokers: kafkaBrokersFromEnv(),
    groupId: envString('SCHEDULING_GROUP_ID', SCHEDULING_CONSUMER_GROUP.name),
    topics: [...SCHEDULING_CONSUMER_GROUP.topics],
    dataSource,
    // A new group must rebuild the projection from intake's history; the inbox makes a re-read harmless.
    fromBeginning: true,
    // Database work only (no side effect outside the transaction): several partitions at once, records batched.
    partitionsConsumedConcurrently: 3,
    ...overrides,
  };
}

/** Connects scheduling's reliable consumer (inbox, retry, DLQ `scheduling.dlq`) to the app; then `app.startAllMicroservices()`. */
export function connectSchedulingConsumer(app: INestApplication, overrides: Partial<ReliableKafkaTransportOptions> = {}): ReliableKafkaTransport {
  const strategy = new ReliableKafkaTransport(schedulingConsumerOptions(app.get(DataSource), overrides));
  app.connectMicroservice({ strategy });
  return strategy;
}
