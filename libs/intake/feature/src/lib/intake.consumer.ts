import { INTAKE_CONSUMER_GROUP } from '@massage/contracts';
import { ReliableKafkaTransport, type ReliableKafkaTransportOptions } from '@massage/messaging';
import { envString, kafkaBrokersFromEnv } from '@massage/platform';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The transport options of intake's projections of scheduling (care, known locations); `overrides` win (tests: topics, group, DLQ). */
export function intakeConsumerOptions(dataSource: DataSource, overrides: Partial<ReliableKafkaTransportOptions> = {}): ReliableKafkaTransportOptions {
  return {
    brokers: kafkaBrokersFromEnv(),
    groupId: envString('INTAKE_GROUP_ID', INTAKE_CONSUMER_GROUP.name),
    topics: [...INTAKE_CONSUMER_GROUP.topics],
    dataSource,
    // A new group rebuilds the projections from the topics' start (the compacted locations topic lists every
    // location); the inbox makes a re-read harmless.
    fromBeginning: true,
    // Database work only: several partitions at once, records batched. The care projection takes a therapist's
    // advisory lock, so a registration and a booking applied at once never miss each other.
    partitionsConsumedConcurrently: 3,
    ...overrides,
  };
}

/** Connects intake's reliable consumer (inbox, retry, DLQ `intake.dlq`) to the app; then `app.startAllMicroservices()`. */
export function connectIntakeConsumer(app: INestApplication, overrides: Partial<ReliableKafkaTransportOptions> = {}): ReliableKafkaTransport {
  const strategy = new ReliableKafkaTransport(intakeConsumerOptions(app.get(DataSource), overrides));
  app.connectMicroservice({ strategy });
  return strategy;
}
