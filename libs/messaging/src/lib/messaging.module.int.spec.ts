import { randomUUID } from 'node:crypto';
import { Controller, Inject, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IntakeCompleted, type EventDefinition, type IntakeCompletedV1 } from '@massage/contracts';
import type { Admin, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  connectedProducer,
  createTestDatabase,
  createTopics,
  deleteTopics,
  readTopic,
  testKafka,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '../test-support/integration.helpers';
import type { ReliableEventContext } from './consumer/reliable-event.context';
import { ReliableKafkaTransport } from './consumer/reliable-kafka.transport';
import { toKafkaMessage } from './envelope/cloud-events.envelope';
import { brokersFromEnv } from './kafka/kafka.factory';
import { MessagingModule, type MessagingModuleOptions } from './messaging.module';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxWriter } from './outbox/outbox-writer.service';

jest.setTimeout(60_000);

/** A consumer that reacts to an event by publishing one (through the outbox), once `release` resolves. */
interface Forwarding {
  to: EventDefinition<IntakeCompletedV1>;
  entered: () => void;
  release: Promise<void>;
}
const FORWARDING = Symbol('FORWARDING');

@Controller()
class ForwardingHandlers {
  constructor(
    @Inject(FORWARDING) private readonly forwarding: Forwarding,
    @Inject(OutboxWriter) private readonly writer: OutboxWriter,
  ) {}

  @EventPattern(IntakeCompleted.type)
  async onIntakeCompleted(@Payload() data: IntakeCompletedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    this.forwarding.entered();
    await this.forwarding.release;
    await this.writer.enqueue(ctx.manager, this.forwarding.to, data, { causationId: ctx.envelope.id });
  }
}

@Module({})
class ServiceModule {
  static with(db: TestDatabase, messaging: MessagingModuleOptions, forwarding?: Forwarding): DynamicModule {
    return {
      module: ServiceModule,
      imports: [TypeOrmModule.forRootAsync({ useFactory: () => ({ ...db.options }) }), MessagingModule.forService(messaging)],
      ...(forwarding ? { controllers: [ForwardingHandlers], providers: [{ provide: FORWARDING, useValue: forwarding }] } : {}),
    };
  }
}

const payload: IntakeCompletedV1 = {
  intakeId: randomUUID(),
  clientId: randomUUID(),
  locationId: 'harbourfront',
  formVersion: '2026-11',
  completedAt: '2026-11-27T10:00:00.000Z',
  consentGivenAt: '2026-11-27T09:59:00.000Z',
  conditionCodes: [],
  medicationCodes: [],
  recentInjuryOrSurgery: false,
  painReports: [],
  pressurePreference: 'deep',
  goalCount: 0,
};

describe('MessagingModule.forService (Nest + TypeORM + Kafka)', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let admin: Admin;
  let app: INestApplicationContext | undefined;
  const topic = uniqueName('module.test');
  const extraTopics: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('module');
    kafka = testKafka();
    admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic]);
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  afterAll(async () => {
    await deleteTopics(admin, [topic, ...extraTopics]);
    await admin.disconnect();
    await db.drop();
  });

  it('provides OutboxWriter for the service and runs the relay from bootstrap to shutdown', async () => {
    app = await NestFactory.createApplicationContext(ServiceModule.with(db, { source: 'intake' }), { logger: false, abortOnError: false });
    await app.init();
    const writer = app.get(OutboxWriter);
    const dataSource = app.get(DataSource);
    const env = await dataSource.transaction((m) => writer.enqueue(m, { ...IntakeCompleted, topic }, payload));

    const [record] = await readTopic(kafka, topic, 1);
    expect(record?.headers['ce_id']).toBe(env.id);
    expect(record?.headers['ce_source']).toBe('/massage/intake');
    await waitFor('the row to be marked published', async () => {
      const [row] = (await db.dataSource.query(`SELECT published_at FROM outbox WHERE id = $1`, [env.id])) as { published_at: Date | null }[];
      return row?.published_at != null;
    });

    const relay = app.get(OutboxRelay);
    const stop = jest.spyOn(relay, 'stop');
    await app.close();
    app = undefined;
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('at shutdown closes the consumers first, so the outbox rows of their last records are still published', async () => {
    const [inTopic, outTopic, groupId] = [uniqueName('module.in'), uniqueName('module.out'), uniqueName('module.group')];
    extraTopics.push(inTopic, outTopic, `${groupId}.dlq`);
    await createTopics(admin, [inTopic, outTopic, `${groupId}.dlq`]);
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const forwarding: Forwarding = { to: { ...IntakeCompleted, topic: outTopic }, entered, release: new Promise<void>((resolve) => (release = resolve)) };

    // A hybrid app, as a consumer's main.ts builds it: Nest closes the microservice in dispose(), after beforeApplicationShutdown.
    const hybrid = await NestFactory.create(ServiceModule.with(db, { source: 'notification' }, forwarding), { logger: false, abortOnError: false });
    app = hybrid;
    const transport = new ReliableKafkaTransport({
      brokers: brokersFromEnv(),
      groupId,
      topics: [inTopic],
      dataSource: hybrid.get(DataSource),
      definitions: [{ ...IntakeCompleted, topic: inTopic }],
      fromBeginning: true,
      consumerConfig: { maxWaitTimeInMs: 200 },
    });
    hybrid.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    await hybrid.startAllMicroservices();
    await hybrid.init();

    const producer = await connectedProducer(kafka);
    const id = randomUUID();
    await producer.send({
      topic: inTopic,
      acks: -1,
      messages: [toKafkaMessage({ id, type: IntakeCompleted.type, source: '/massage/intake', time: new Date().toISOString(), subject: payload.clientId, correlationId: id, data: payload })],
    });
    await producer.disconnect();
    await inHandler;

    // The handler commits its outbox row when the shutdown reaches the consumer or the relay, whichever comes first.
    const relay = hybrid.get(OutboxRelay);
    const [close, stop] = [transport.close.bind(transport), relay.stop.bind(relay)];
    const closeConsumer = jest.spyOn(transport, 'close').mockImplementation(() => {
      release();
      return close();
    });
    const stopRelay = jest.spyOn(relay, 'stop').mockImplementation((opts) => {
      release();
      return stop(opts);
    });
    await hybrid.close();
    app = undefined;

    const rows = (await db.dataSource.query(`SELECT published_at FROM outbox WHERE headers->>'ce_causationid' = $1`, [id])) as { published_at: Date | null }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.published_at).toBeInstanceOf(Date);
    const [record] = await readTopic(kafka, outTopic, 1);
    expect(record?.headers['ce_causationid']).toBe(id);
    expect(closeConsumer).toHaveBeenCalled();
    expect(stopRelay).toHaveBeenCalledTimes(1);
    expect(closeConsumer.mock.invocationCallOrder[0]).toBeLessThan(stopRelay.mock.invocationCallOrder[0] ?? 0);
  });

  it('provides no relay when relay is false', async () => {
    app = await NestFactory.createApplicationContext(ServiceModule.with(db, { source: 'intake', relay: false }), { logger: false, abortOnError: false });
    await app.init();
    expect(app.get(OutboxWriter).source).toBe('/massage/intake');
    expect(() => app?.get(OutboxRelay)).toThrow();
  });
});
