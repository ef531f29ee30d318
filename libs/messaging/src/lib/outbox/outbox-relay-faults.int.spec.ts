import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { IntakeCompleted, kafkaSaslFromEnv, type EventDefinition, type IntakeCompletedV1 } from '@massage/contracts';
import { Kafka, KafkaJSConnectionError, KafkaJSNonRetriableError, logLevel, type Producer, type ProducerConfig } from 'kafkajs';
import { createTopics, readTopic, testKafka, uniqueName, waitFor } from '../../test-support/integration.helpers';
import { relayTestBed } from '../../test-support/relay.test-bed';
import { brokersFromEnv } from '../kafka/kafka.factory';
import { MessagingModule } from '../messaging.module';
import { OutboxRelay } from './outbox-relay.service';

jest.setTimeout(90_000);

/** A client whose failures come back fast (one retry), so a refused row costs milliseconds, not seconds. */
function fastFailingKafka(brokers = brokersFromEnv()): Kafka {
  return new Kafka({
    clientId: uniqueName('relay'),
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 200 },
    sasl: kafkaSaslFromEnv(process.env),
  });
}

/** A TCP forwarder to the real broker, listening only from `open()` on: a broker that appears later. */
function lateBroker(port: number, target = brokersFromEnv()[0] ?? '127.0.0.1:9092'): { open: () => Promise<void>; close: () => Promise<void> } {
  const [host, targetPort] = target.split(':');
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  return {
    open: () =>
      new Promise((resolve, reject) => {
        server = createServer((client) => {
          const upstream = connect(Number(targetPort), host);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('error', () => undefined);
            s.on('close', () => {
              client.destroy();
              upstream.destroy();
            });
          }
          client.pipe(upstream);
          upstream.pipe(client);
        });
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('outbox relay under faults (PostgreSQL + Kafka)', () => {
  const bed = relayTestBed('relay_faults');
  const { testEvent, relay } = bed;
  const enqueue = (def: EventDefinition<IntakeCompletedV1>, clientId: string): Promise<string> => bed.enqueue(def, { clientId });

  interface RowState {
    intakeId: string;
    published: boolean;
    parked: boolean;
    attempts: number;
    lastError: string | null;
  }
  async function rowState(intakeId: string): Promise<RowState | undefined> {
    const [row] = (await bed.db.dataSource.query(
      `SELECT payload->>'intakeId' AS "intakeId", published_at IS NOT NULL AS published, parked_at IS NOT NULL AS parked, attempts, last_error AS "lastError"
         FROM outbox WHERE payload->>'intakeId' = $1`,
      [intakeId],
    )) as RowState[];
    return row;
  }
  const intakeIds = (records: { value: string | null }[]): string[] => records.map((r) => JSON.parse(r.value ?? 'null').intakeId as string);

  it('parks a row Kafka keeps refusing after maxRowAttempts; other keys keep flowing, later rows of its key wait, and go in order once it is retried', async () => {
    const def = await testEvent();
    const missing: EventDefinition<IntakeCompletedV1> = { ...IntakeCompleted, topic: uniqueName('outbox.not-created-yet') };
    const [k, other] = [randomUUID(), randomUUID()];
    const k1 = await enqueue(def, k);
    const bad = await enqueue(missing, k);
    const o1 = await enqueue(def, other);
    const k2 = await enqueue(def, k); // behind the bad row: must wait
    const o2 = await enqueue(def, other);

    const r = relay({ kafka: fastFailingKafka(), maxRowAttempts: 3, rowRetryBackoffMs: 50, pollIntervalMs: 100 });
    await r.start();
    await waitFor('the bad row to be parked', async () => (await rowState(bad))?.parked);
    expect(await rowState(bad)).toMatchObject({ published: false, parked: true, attempts: 3, lastError: expect.stringContaining('does not host this topic-partition') });
    expect(await rowState(k2)).toMatchObject({ published: false, parked: false, attempts: 0 });

    // Parked: the relay keeps publishing every other key.
    const o3 = await enqueue(def, other);
    const k3 = await enqueue(def, k);
    await waitFor('the other key to flow past the parked row', async () => (await rowState(o3))?.published);
    expect(intakeIds(await readTopic(bed.kafka, def.topic, 4))).toEqual([k1, o1, o2, o3]);
    expect(await rowState(k3)).toMatchObject({ published: false, attempts: 0 });
    expect(await r.status()).toMatchObject({
      leading: true,
      kafkaConnected: true,
      parked: 1,
      lastError: { message: expect.stringContaining('does not host this topic-partition') },
    });

    // What an operator does once the topic exists: retry the parked row (`main.js outbox retry`).
    bed.ownTopic(missing.topic);
    await createTopics(bed.admin, [missing.topic], 1);
    await bed.db.dataSource.query(`UPDATE outbox SET parked_at = NULL, attempts = 0 WHERE payload->>'intakeId' = $1`, [bad]);
    await waitFor('the parked row and its key to be published', async () => (await rowState(k3))?.published);
    expect(intakeIds(await readTopic(bed.kafka, missing.topic, 1))).toEqual([bad]);
    expect(intakeIds(await readTopic(bed.kafka, def.topic, 6))).toEqual([k1, o1, o2, o3, k2, k3]);
    expect((await r.status()).parked).toBe(0);
  });

  it('replaces a producer stuck after a non-retriable error (OUT_OF_ORDER_SEQUENCE_NUMBER) and publishes, charging no row', async () => {
    const def = await testEvent(3);
    const stuckKafka = testKafka();
    const realProducer = stuckKafka.producer.bind(stuckKafka);
    let stuck: Producer | undefined;
    let stuckDisconnected = false;
    stuckKafka.producer = (config?: ProducerConfig): Producer => {
      const p = realProducer(config);
      if (!stuck) {
        // The first producer behaves like an idempotent producer that lost a response: every send fails.
        stuck = p;
        p.sendBatch = async () => {
          throw new KafkaJSNonRetriableError('The broker received an out of order sequence number (OUT_OF_ORDER_SEQUENCE_NUMBER)');
        };
        const disconnect = p.disconnect.bind(p);
        p.disconnect = async () => {
          stuckDisconnected = true;
          await disconnect();
        };
      }
      return p;
    };
    const [a, b] = [randomUUID(), randomUUID()];
    const ids = [await enqueue(def, a), await enqueue(def, b), await enqueue(def, a)];

    const r = relay({ kafka: stuckKafka, pollIntervalMs: 100 });
    await r.start();
    await waitFor('every row to be published', async () => (await Promise.all(ids.map(rowState))).every((s) => s?.published));
    expect(stuckDisconnected).toBe(true);
    expect(r.producerGeneration).toBeGreaterThanOrEqual(2);
    expect((await Promise.all(ids.map(rowState))).map((s) => s?.attempts)).toEqual([0, 0, 0]);
    expect((await r.status()).lastError?.message).toContain('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(new Set(intakeIds(await readTopic(bed.kafka, def.topic, 3)))).toEqual(new Set(ids));
  });

  it('starts while Kafka cannot be reached (no throw), keeps the rows, and publishes them once the broker appears', async () => {
    const def = await testEvent();
    const port = await freePort();
    const broker = lateBroker(port);
    try {
      const r = relay({ kafka: fastFailingKafka([`127.0.0.1:${port}`]), producerReconnect: { initialMs: 100, maxMs: 400 }, pollIntervalMs: 100 });
      await r.start(); // before the fix: rejected with a connection error, and the service exited
      const id = await enqueue(def, randomUUID());
      await waitFor('a few failed connects', () => r.producerGeneration >= 3);
      expect(await rowState(id)).toMatchObject({ published: false, attempts: 0 });
      expect(await r.status()).toMatchObject({ kafkaConnected: false, leading: false }); // without Kafka it does not even try to lead

      await broker.open();
      await waitFor('the row to be published once Kafka is reachable', async () => (await rowState(id))?.published);
      expect(intakeIds(await readTopic(bed.kafka, def.topic, 1))).toEqual([id]);
      expect((await r.status()).kafkaConnected).toBe(true);
      await r.stop();
    } finally {
      await broker.close();
    }
  });

  it('a leader that loses Kafka gives the lead to a standby that reaches it', async () => {
    const def = await testEvent();
    // A's Kafka works until `cut`: then sends fail as on a broken network, and reconnects are refused.
    const cutKafka = testKafka();
    const realProducer = cutKafka.producer.bind(cutKafka);
    let cut = false;
    const refused = (): Error => new KafkaJSConnectionError('Connection error: connect ECONNREFUSED (network cut)');
    cutKafka.producer = (config?: ProducerConfig): Producer => {
      const p = realProducer(config);
      const [connect, sendBatch] = [p.connect.bind(p), p.sendBatch.bind(p)];
      p.connect = async () => (cut ? Promise.reject(refused()) : connect());
      p.sendBatch = async (batch) => (cut ? Promise.reject(refused()) : sendBatch(batch));
      return p;
    };
    const a = relay({ kafka: cutKafka, pollIntervalMs: 100, producerReconnect: { initialMs: 100, maxMs: 200 } });
    await a.start();
    const first = await enqueue(def, randomUUID());
    await waitFor('A to lead and publish', async () => a.leading && (await rowState(first))?.published);
    const b = relay({ pollIntervalMs: 100 });
    await b.start();

    cut = true;
    const second = await enqueue(def, randomUUID());
    await waitFor('B to take over and publish', async () => (await rowState(second))?.published);
    expect([a.leading, b.leading]).toEqual([false, true]);
    expect(await rowState(second)).toMatchObject({ attempts: 0, parked: false }); // an outage charges no row
    expect(intakeIds(await readTopic(bed.kafka, def.topic, 2))).toEqual([first, second]);
  });

  it('a service (MessagingModule) boots while Kafka is down: its writes need only PostgreSQL', async () => {
    @Module({})
    class ServiceModule {
      static with(): DynamicModule {
        return {
          module: ServiceModule,
          imports: [TypeOrmModule.forRootAsync({ useFactory: () => ({ ...bed.db.options }) }), MessagingModule.forService({ source: 'faults' })],
        };
      }
    }
    const previous = process.env['KAFKA_BROKERS'];
    process.env['KAFKA_BROKERS'] = `127.0.0.1:${await freePort()}`;
    let app: INestApplicationContext | undefined;
    try {
      app = await NestFactory.createApplicationContext(ServiceModule.with(), { logger: false }); // before the fix: rejected
      const def = await testEvent();
      const id = await enqueue(def, randomUUID());
      expect(await rowState(id)).toMatchObject({ published: false });
      expect(await app.get(OutboxRelay).status()).toMatchObject({ kafkaConnected: false, leading: false });
    } finally {
      if (previous === undefined) delete process.env['KAFKA_BROKERS'];
      else process.env['KAFKA_BROKERS'] = previous;
      await app?.close();
    }
  });
});
