import { TREATMENT_CONSUMER_GROUP } from '@massage/contracts';
import { ReliableKafkaTransport, type ReliableKafkaTransportOptions } from '@massage/messaging';
import { envString, kafkaBrokersFromEnv } from '@massage/platform';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The transport options of treatment's projections (appointments, care, screening); `overrides` win (tests: topics, group, DLQ, backoff). */
export function treatmentConsumerOptions(dataSource: DataSource, overrides: Partial<ReliableKafkaTransportOptions> = {}): ReliableKafkaTransportOptions {
  return {
    brokers: kafkaBrokersFromEnv(),
    groupId: envString('TREATMENT_GROUP_ID', TREATMENT_CONSUMER_GROUP.name),
    topics: [...TREATMENT_CONSUMER_GROUP.topics],
    dataSource,
    // A new group must rebuild its projections from the topics' history; the inbox makes a re-read harmless.
    fromBeginning: true,
    // Database work only (no side effect outside the transaction): several partitions at once, records batched.
    partitionsConsumedConcurrently: 3,
    ...overrides,
  };
}

/** Connects treatment's reliable consumer (inbox, retry, DLQ `treatment.dlq`) to the app; then `app.startAllMicroservices()`. */
export function connectTreatmentConsumer(app: INestApplication, overrides: Partial<ReliableKafkaTransportOptions> = {}): ReliableKafkaTransport {
  const strategy = new ReliableKafkaTransport(treatmentConsumerOptions(app.get(DataSource), overrides));
  app.connectMicroservice({ strategy });
  return strategy;
}
