import { randomUUID } from 'node:crypto';
import type { INestApplication, LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  AppointmentBooked,
  AppointmentCancelled,
  AppointmentCompleted,
  AppointmentRescheduled,
  assertPayload,
  ClearanceExpired,
  ClearanceRecorded,
  ClearanceRevoked,
  ClientCheckedIn,
  NoShowRecorded,
  ScreeningCompleted,
  TherapistRegistered,
  type EventDefinition,
} from '@massage/contracts';
import { OutboxRelay, type ReliableEventContext, type ReliableKafkaTransportOptions } from '@massage/messaging';
import { CLOCK, ManualClock, ProblemDetailsFilter } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { GATEWAY_ASSERTION_HEADER, type GatewayAssertionSigner } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { createTestDatabase, type TestDatabase } from '@massage/testing';
import { recordKnownLocation } from '@massage/known-locations';
import { AppointmentEventsHandler } from '../handlers/appointment-events.handler';
import { ScreeningEventsHandler } from '../handlers/screening-events.handler';
import { connectTreatmentConsumer } from '../treatment.consumer';
import { treatmentDataSourceOptions } from '../treatment.database';
import { TreatmentModule } from '../treatment.module';

export interface TreatmentTestApp {
  db: TestDatabase;
  pg: Client;
  app: INestApplication;
  clock: ManualClock;
  /** The app listens on a loopback port. */
  baseUrl: string;
  /**
   * Hands an event to the service's handler of its type in a transaction of its own, as the reliable consumer
   * does (the payload checked against the catalogue first): the projections without a broker.
   */
  deliver<P>(def: EventDefinition<P>, payload: P): Promise<void>;
  close(): Promise<void>;
}

export interface TreatmentTestAppOptions {
  gatewayPublicKeysJson: string;
  now: Date | string;
  logger?: LogLevel[] | false;
  /** Keep the outbox relay running (publishing to the real broker) instead of the stub. */
  relay?: boolean;
  /** Connect the projections' consumer with these overrides (group, topics, DLQ). */
  consumer?: Partial<ReliableKafkaTransportOptions>;
  /** The locations scheduling has opened, as the locations topic would have told (default `downtown` and `uptown`, in Toronto). */
  locations?: string[];
}

type Handle = (payload: never, ctx: ReliableEventContext) => Promise<void>;

/**
 * A fresh, migrated database and the treatment module on it, wired as the platform wires the service (strict JSON
 * body parser, problem+json errors), trusting `gatewayPublicKeysJson`, on a ManualClock; the relay is a stub
 * unless asked for.
 */
export async function startTreatmentTestApp(prefix: string, options: TreatmentTestAppOptions): Promise<TreatmentTestApp> {
  process.env['PGHOST'] ||= '127.0.0.1';
  const db = await createTestDatabase(prefix);
  process.env['DB_NAME'] = db.name;
  process.env['AUTH_ASSERTION_PUBLIC_KEYS'] = options.gatewayPublicKeysJson;
  await runMigrations(treatmentDataSourceOptions(), () => undefined);
  const pg = new Client(db.options);
  await pg.connect();
  for (const locationId of options.locations ?? ['downtown', 'uptown']) {
    await recordKnownLocation(pg, { locationId, name: locationId, timeZone: 'America/Toronto', jurisdiction: 'CA-ON', openedAt: '2025-01-01T00:00:00.000Z' });
  }
  const clock = new ManualClock(new Date(options.now));
  let builder = Test.createTestingModule({ imports: [TreatmentModule] })
    .overrideProvider(CLOCK)
    .useValue(clock);
  if (!options.relay) builder = builder.overrideProvider(OutboxRelay).useValue({ start: async () => undefined, stop: async () => undefined });
  const moduleRef = await builder.compile();
  const nest = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: options.logger ?? ['error'] });
  nest.useBodyParser('json', { limit: '64kb', strict: true });
  nest.useGlobalFilters(new ProblemDetailsFilter());
  if (options.consumer) {
    connectTreatmentConsumer(nest, options.consumer);
    await nest.startAllMicroservices();
  }
  await nest.listen(0, '127.0.0.1');
  const address = nest.getHttpServer().address() as { port: number };

  const appointments = nest.get(AppointmentEventsHandler);
  const screening = nest.get(ScreeningEventsHandler);
  const handlers = new Map<string, Handle>([
    [TherapistRegistered.type, (p, c) => appointments.therapistRegistered(p, c)],
    [AppointmentBooked.type, (p, c) => appointments.booked(p, c)],
    [AppointmentRescheduled.type, (p, c) => appointments.rescheduled(p, c)],
    [AppointmentCancelled.type, (p, c) => appointments.cancelled(p, c)],
    [NoShowRecorded.type, (p, c) => appointments.noShow(p, c)],
    [AppointmentCompleted.type, (p, c) => appointments.completed(p, c)],
    [ClientCheckedIn.type, (p, c) => appointments.checkedIn(p, c)],
    [ScreeningCompleted.type, (p, c) => screening.screened(p, c)],
    [ClearanceRecorded.type, (p, c) => screening.recorded(p, c)],
    [ClearanceExpired.type, (p, c) => screening.expired(p, c)],
    [ClearanceRevoked.type, (p, c) => screening.revoked(p, c)],
  ]);
  const dataSource = nest.get(DataSource);

  return {
    db,
    pg,
    app: nest,
    clock,
    baseUrl: `http://127.0.0.1:${address.port}`,
    deliver: async (def, payload) => {
      assertPayload(def, payload);
      const handle = handlers.get(def.type);
      if (!handle) throw new Error(`treatment has no handler of ${def.type}`);
      const id = randomUUID();
      const envelope = { id, type: def.type, source: `/massage/${def.producer}`, time: new Date().toISOString(), subject: def.key(payload), correlationId: id, data: payload };
      await dataSource.transaction((manager) => handle(payload as never, { envelope, manager, topic: def.topic, partition: 0, offset: '0', attempt: 1, groupId: 'treatment-test' }));
    },
    close: async () => {
      await nest.close();
      await pg.end();
      await db.drop();
      delete process.env['DB_NAME'];
    },
  };
}

/** A gateway's side of the trust: signs one fresh assertion per request (services refuse a replayed one). */
export class TreatmentCaller {
  constructor(
    private readonly baseUrl: string,
    private readonly signer: GatewayAssertionSigner,
  ) {}

  private as(test: request.Test, actor: Actor): request.Test {
    // A stuck request fails its test with a timeout instead of hanging the suite.
    return test.timeout(30_000).set(GATEWAY_ASSERTION_HEADER, this.signer.sign(actor, 'treatment'));
  }

  post(actor: Actor, path: string, body: object = {}, idempotencyKey: string | null = randomUUID()): request.Test {
    const test = this.as(request(this.baseUrl).post(path), actor);
    return idempotencyKey === null ? test.send(body) : test.set('idempotency-key', idempotencyKey).send(body);
  }

  put(actor: Actor, path: string, body: object): request.Test {
    return this.as(request(this.baseUrl).put(path), actor).send(body);
  }

  get(actor: Actor, path: string): request.Test {
    return this.as(request(this.baseUrl).get(path), actor);
  }
}
