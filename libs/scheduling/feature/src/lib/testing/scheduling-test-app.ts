import { randomUUID } from 'node:crypto';
import type { INestApplication, LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import type { ScreeningRestrictionV1 } from '@massage/contracts';
import { OutboxRelay, type ReliableKafkaTransportOptions } from '@massage/messaging';
import { CLOCK, type Clock, type ManualClock, ProblemDetailsFilter, TIMER } from '@massage/platform';
import { runMigrations } from '@massage/platform-database';
import { GATEWAY_ASSERTION_HEADER, type GatewayAssertionSigner } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { createTestDatabase, type TestDatabase } from '@massage/testing';
import { LicenceExpiryJob } from '../licences/licence-expiry.job';
import { connectSchedulingConsumer } from '../scheduling.consumer';
import { schedulingDataSourceOptions } from '../scheduling.database';
import { SchedulingModule } from '../scheduling.module';
import { WaitlistJob } from '../waitlist/waitlist.job';

/** A clock the test sets: every use case reads "now" from it. */
export class SettableClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
}

export interface SchedulingTestApp {
  db: TestDatabase;
  pg: Client;
  app: INestApplication;
  clock: SettableClock;
  /** The app listens on a loopback port: concurrent requests need one server, not one per request. */
  baseUrl: string;
  close(): Promise<void>;
}

export interface SchedulingTestAppOptions {
  gatewayPublicKeysJson: string;
  now: Date | string;
  logger?: LogLevel[] | false;
  /** Keep the outbox relay running (publishing to the real broker) instead of the stub. */
  relay?: boolean;
  /** Connect the eligibility consumer with these overrides (test topics, group, DLQ). */
  consumer?: Partial<ReliableKafkaTransportOptions>;
  /** Drive the use cases and the scheduled jobs (licence notices, the waitlist) from this clock and timer; without it the jobs do not run. */
  manualClock?: ManualClock;
}

/**
 * A fresh, migrated database and the scheduling module on it, wired as createHttpService (platform) wires the
 * service (strict JSON body parser, problem+json errors), trusting `gatewayPublicKeysJson`, with a settable clock;
 * the relay is a stub unless asked for.
 */
export async function startSchedulingTestApp(prefix: string, options: SchedulingTestAppOptions): Promise<SchedulingTestApp> {
  process.env['PGHOST'] ||= '127.0.0.1';
  const db = await createTestDatabase(prefix);
  process.env['DB_NAME'] = db.name;
  process.env['AUTH_ASSERTION_PUBLIC_KEYS'] = options.gatewayPublicKeysJson;
  await runMigrations(schedulingDataSourceOptions(), () => undefined);
  const pg = new Client(db.options);
  await pg.connect();
  const clock = new SettableClock(new Date(options.now));
  let builder = Test.createTestingModule({ imports: [SchedulingModule] })
    .overrideProvider(CLOCK)
    .useValue(options.manualClock ?? clock);
  builder = options.manualClock
    ? builder.overrideProvider(TIMER).useValue(options.manualClock)
    : builder.overrideProvider(LicenceExpiryJob).useValue({ idle: async () => undefined }).overrideProvider(WaitlistJob).useValue({ idle: async () => undefined, poke: () => undefined });
  if (!options.relay) builder = builder.overrideProvider(OutboxRelay).useValue({ start: async () => undefined, stop: async () => undefined });
  const moduleRef = await builder.compile();
  const nest = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: options.logger ?? ['error'] });
  nest.useBodyParser('json', { limit: '64kb', strict: true });
  nest.useGlobalFilters(new ProblemDetailsFilter());
  if (options.consumer) {
    connectSchedulingConsumer(nest, options.consumer);
    await nest.startAllMicroservices();
  }
  await nest.listen(0, '127.0.0.1');
  const address = nest.getHttpServer().address() as { port: number };
  return {
    db,
    pg,
    app: nest,
    clock,
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await nest.close();
      await pg.end();
      await db.drop();
      delete process.env['DB_NAME'];
    },
  };
}

/** A gateway's side of the trust: signs one fresh assertion per request (services refuse a replayed one). */
export class SchedulingCaller {
  constructor(
    private readonly baseUrl: string,
    private readonly signer: GatewayAssertionSigner,
  ) {}

  private as(test: request.Test, actor: Actor): request.Test {
    // A stuck request fails its test with a timeout instead of hanging the suite.
    return test.timeout(30_000).set(GATEWAY_ASSERTION_HEADER, this.signer.sign(actor, 'scheduling'));
  }

  post(actor: Actor, path: string, body: object, idempotencyKey: string | null = randomUUID()): request.Test {
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

/** A client as intake's events would have left them in scheduling's projection (registered, and screened unless `screening` is null). */
export async function seedClient(
  pg: Client,
  locationId: string,
  screening: { outcome: string; restrictions: ScreeningRestrictionV1[] } | null = { outcome: 'cleared', restrictions: [] },
  asOf = new Date('2026-01-01T00:00:00Z'),
): Promise<string> {
  const clientId = randomUUID();
  await pg.query(`INSERT INTO client_registration (client_id, location_id, registered_at) VALUES ($1, $2, $3)`, [clientId, locationId, asOf]);
  if (screening) {
    await pg.query(
      `INSERT INTO client_screening (client_id, screening_id, location_id, outcome, restrictions, table_version, as_of, received_at) VALUES ($1, $2, $3, $4, $5::jsonb, '2026.1', $6, $6)`,
      [clientId, randomUUID(), locationId, screening.outcome, JSON.stringify(screening.restrictions), asOf],
    );
  }
  return clientId;
}

export const EVERY_DAY = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** A location ready to book through its own routes: open 08:00–20:00 daily, one room, a 60-minute Swedish service, one licensed, certified therapist on shift. */
export interface TestCalendar {
  locationId: string;
  roomId: string;
  serviceId: string;
  therapistId: string;
}

export async function openTestLocation(api: SchedulingCaller, locationId: string, timeZone = 'America/Toronto'): Promise<TestCalendar> {
  const hq: Actor = { subject: 'hq-1', role: 'hq-admin', locationId: '*' };
  const manager: Actor = { subject: `manager@${locationId}`, role: 'location-manager', locationId };
  const ok = async (res: request.Test, status: number): Promise<{ id: string }> => {
    const done = await res;
    if (done.status !== status) throw new Error(`set-up request answered ${done.status}: ${JSON.stringify(done.body)}`);
    return done.body as { id: string };
  };
  const at = (path: string) => `/locations/${locationId}${path}`;
  await ok(api.post(hq, '/locations', { code: locationId, name: locationId, timeZone, jurisdiction: 'CA-ON', openingHours: EVERY_DAY.map((weekday) => ({ weekday, windows: [{ from: '08:00', to: '20:00' }] })) }), 201);
  const room = await ok(api.post(manager, at('/rooms'), { code: 'room-1', name: 'Room 1', equipment: [] }), 201);
  const service = await ok(api.post(manager, at('/services'), { code: 'swedish-60', name: 'Swedish', durationMinutes: 60, bufferMinutes: 15, techniques: ['swedish', 'deep-tissue'], requiredEquipment: [] }), 201);
  const therapist = await ok(api.post(manager, at('/therapists'), { subject: `therapist@${locationId}`, displayName: 'Sam', licence: { number: 'RMT-1', jurisdiction: 'CA-ON', expiresOn: '2030-12-31' } }), 201);
  for (const technique of ['swedish', 'deep-tissue']) await ok(api.put(manager, at(`/therapists/${therapist.id}/certifications/${technique}`), {}), 200);
  await ok(api.put(manager, at(`/therapists/${therapist.id}/shifts`), { shifts: EVERY_DAY.map((weekday) => ({ weekday, from: '08:00', to: '20:00' })) }), 200);
  return { locationId, roomId: room.id, serviceId: service.id, therapistId: therapist.id };
}
