import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IntakeCompleted, type IntakeCompletedV1 } from '@massage/contracts';
import type { Admin, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createTestDatabase, createTopics, deleteTopics, readTopic, testKafka, uniqueName, waitFor, type TestDatabase } from '../test-support/integration.helpers';
import { MessagingModule, type MessagingModuleOptions } from './messaging.module';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { OutboxWriter } from './outbox/outbox-writer.service';

jest.setTimeout(60_000);

@Module({})
class ServiceModule {
  static with(db: TestDatabase, messaging: MessagingModuleOptions): DynamicModule {
    return {
      module: ServiceModule,
      imports: [TypeOrmModule.forRootAsync({ useFactory: () => ({ ...db.options }) }), MessagingModule.forService(messaging)],
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
    await deleteTopics(admin, [topic]);
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

  it('provides no relay when relay is false', async () => {
    app = await NestFactory.createApplicationContext(ServiceModule.with(db, { source: 'intake', relay: false }), { logger: false, abortOnError: false });
    await app.init();
    expect(app.get(OutboxWriter).source).toBe('/massage/intake');
    expect(() => app?.get(OutboxRelay)).toThrow();
  });
});
