import { deadLetterTopicName, kafkaSaslFromEnv, NOTIFICATION_CONSUMER_GROUP, NOTIFICATION_EVENTS_TOPIC, type EventDefinition } from '@massage/contracts';
import { recordKnownLocation } from '@massage/known-locations';
import type { RetryPolicy } from '@massage/notification-domain';
import { CLOCK, TIMER, type ManualClock } from '@massage/platform';
import { createTestTopic, ensureTopics, testKafka, uniqueName, type TestTopic } from '@massage/testing';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { MESSAGE_RETRY_POLICY } from '../appointments/send-due-messages.service';
import { ScheduledMessageJob } from '../appointments/scheduled-message.job';
import { connectNotificationConsumer } from '../notification.consumer';
import { NotificationModule } from '../notification.module';

/** The notification service of a messages spec, on a ManualClock, consuming one test topic. */
export interface NotificationTestApp {
  app: INestApplication;
  dataSource: DataSource;
  job: ScheduledMessageJob;
  /** The test topic the consumer reads the given events from (their own topics replaced by it). */
  topic: TestTopic;
  producer: Producer;
  /** Closes the app and the producer, deletes the consumer group, its DLQ and the topic. */
  close(): Promise<void>;
}

/** A short retry policy: three attempts, one and two minutes apart (moved by the test's clock). */
export const SPEC_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, initialBackoffMs: 60_000, maxBackoffMs: 120_000 };

/**
 * Starts NotificationModule with `clock` as its Clock and Timer and a short retry policy, its reliable consumer on a
 * fresh test topic carrying `definitions`, a producer to it, and two known locations (`london`, Europe/London;
 * `toronto`, America/Toronto). Call after `startNotificationTestEnv` (its database and SMTP are read at compile).
 */
export async function startNotificationTestApp(name: string, clock: ManualClock, definitions: EventDefinition<unknown>[]): Promise<NotificationTestApp> {
  const { brokers } = await testKafka();
  const groupId = uniqueName(`notification-${name}`);
  const topic = await createTestTopic(brokers, name, { partitions: 2 });
  await ensureTopics(brokers, [NOTIFICATION_EVENTS_TOPIC, { ...NOTIFICATION_CONSUMER_GROUP.deadLetterTopic, name: deadLetterTopicName(groupId) }]);
  const kafka = new Kafka({ clientId: `notification-${name}-spec`, brokers, logLevel: logLevel.NOTHING, sasl: kafkaSaslFromEnv(process.env) });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();

  const moduleRef = await Test.createTestingModule({ imports: [NotificationModule] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .overrideProvider(TIMER)
    .useValue(clock)
    .overrideProvider(MESSAGE_RETRY_POLICY)
    .useValue(SPEC_RETRY_POLICY)
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  connectNotificationConsumer(app, {
    groupId,
    topics: [topic.name],
    definitions: definitions.map((d) => ({ ...d, topic: topic.name })) as unknown as EventDefinition<never>[],
    initialBackoffMs: 100,
    maxBackoffMs: 1_000,
    consumerConfig: { maxWaitTimeInMs: 250 },
  });
  await app.startAllMicroservices();
  await app.init();
  const dataSource = app.get(DataSource);
  await recordKnownLocation(dataSource, { locationId: 'london', name: 'London Bridge', timeZone: 'Europe/London', jurisdiction: 'GB-ENG', openedAt: '2025-01-01T00:00:00Z' });
  await recordKnownLocation(dataSource, { locationId: 'toronto', name: 'Toronto Annex', timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openedAt: '2025-01-01T00:00:00Z' });

  return {
    app,
    dataSource,
    job: app.get(ScheduledMessageJob),
    topic,
    producer,
    close: async () => {
      await app.close();
      await producer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.deleteTopics({ topics: [deadLetterTopicName(groupId)] }).catch(() => undefined);
      await admin.disconnect();
      await topic.drop();
    },
  };
}
