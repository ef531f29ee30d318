import { randomUUID } from 'node:crypto';
import type { AppointmentBookedV1 } from '@massage/contracts';
import { ManualClock } from '@massage/platform';
import { serviceDataSourceOptions } from '@massage/platform-database';
import type { Actor } from '@massage/security';
import { createTestDatabase, type TestDatabase } from '@massage/testing';
import { DataSource, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import { CareRelationshipProjection } from './care-relationship.projection';
import { createCareTables, dropCareTables } from './care-relationships.schema';
import { CareRelationshipsTable } from './care-relationships.table';
import { carePolicyOfDays } from './care-rule';

jest.setTimeout(60_000);

class CreateCareTablesForSpec1700000000000 implements MigrationInterface {
  name = 'CreateCareTablesForSpec1700000000000';
  up = (q: QueryRunner): Promise<void> => createCareTables(q);
  down = (q: QueryRunner): Promise<void> => dropCareTables(q);
}

const HOME = 'downtown-toronto';

/** The projection's SQL on a real database: ordering across topics, moves, cancellations, concurrency, time. */
describe('care relationships (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const clock = new ManualClock('2026-03-01T08:00:00Z');
  const projection = new CareRelationshipProjection(carePolicyOfDays(30));
  let table: CareRelationshipsTable;

  beforeAll(async () => {
    process.env['PGHOST'] ||= '127.0.0.1';
    db = await createTestDatabase('care');
    dataSource = new DataSource(serviceDataSourceOptions({ defaultDatabase: db.name, entities: [], migrations: [CreateCareTablesForSpec1700000000000] }));
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    table = new CareRelationshipsTable(dataSource, clock);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const tx = (work: (m: EntityManager) => Promise<void>): Promise<void> => dataSource.transaction(work);
  const therapist = (subject: string): Actor => ({ subject, role: 'therapist', locationId: HOME });
  const booking = (therapistId: string, clientId: string, over: Partial<AppointmentBookedV1> = {}): AppointmentBookedV1 => ({
    appointmentId: randomUUID(),
    locationId: HOME,
    clientId,
    therapistId,
    roomId: randomUUID(),
    serviceId: randomUUID(),
    startsAt: '2026-03-10T14:00:00.000Z',
    endsAt: '2026-03-10T15:00:00.000Z',
    techniques: ['swedish'],
    focusRegions: ['neck'],
    pressure: 'P2',
    bookedAt: '2026-03-01T09:00:00.000Z',
    ...over,
  });
  const register = (therapistId: string, subject: string) =>
    tx((m) => projection.therapistRegistered(m, { therapistId, subject, locationId: HOME, registeredAt: '2026-02-01T00:00:00.000Z' }));
  const relationships = async (clientId: string) =>
    (await dataSource.query(`SELECT therapist_subject, since, until FROM care_relationship WHERE client_id = $1 ORDER BY therapist_subject`, [clientId])) as {
      therapist_subject: string;
      since: Date;
      until: Date;
    }[];

  it('keys care by the staff subject, whichever of the registration and the booking arrives first', async () => {
    const [early, late] = [randomUUID(), randomUUID()];
    const client = randomUUID();
    await register(early, 'ada@staff');
    await tx((m) => projection.appointmentBooked(m, booking(early, client)));
    await tx((m) => projection.appointmentBooked(m, booking(late, client)));
    expect((await relationships(client)).map((r) => r.therapist_subject)).toEqual(['ada@staff']);
    await register(late, 'grace@staff');
    expect(await relationships(client)).toEqual([
      { therapist_subject: 'ada@staff', since: new Date('2026-03-01T09:00:00Z'), until: new Date('2026-04-09T15:00:00Z') },
      { therapist_subject: 'grace@staff', since: new Date('2026-03-01T09:00:00Z'), until: new Date('2026-04-09T15:00:00Z') },
    ]);
  });

  it('answers isInCare from the Clock: from the booking to the end plus the retention; a cancellation ends it at once', async () => {
    const [kept, cancelled] = [randomUUID(), randomUUID()];
    const client = randomUUID();
    await register(kept, 'kept@staff');
    await register(cancelled, 'cancelled@staff');
    const b = booking(cancelled, client, { bookedAt: '2026-03-01T09:30:00.000Z' });
    await tx((m) => projection.appointmentBooked(m, booking(kept, client, { bookedAt: '2026-03-01T09:30:00.000Z' })));
    await tx((m) => projection.appointmentBooked(m, b));
    clock.advanceTo('2026-03-02T00:00:00Z');
    expect(await table.isInCare(therapist('kept@staff'), HOME, client)).toBe(true);
    expect(await table.isInCare(therapist('cancelled@staff'), HOME, client)).toBe(true);
    expect(await table.isInCare(therapist('kept@staff'), 'uptown-ottawa', client)).toBe(false);
    // The guard asks before the path is validated: a malformed client id is "not in care", not a SQL error.
    expect(await table.isInCare(therapist('kept@staff'), HOME, 'not-a-uuid')).toBe(false);

    await tx((m) =>
      projection.appointmentCancelled(m, { ...b, startsAt: b.startsAt, cancelledAt: '2026-03-02T00:00:00.000Z', lateCancellation: false, reason: 'client-request' }),
    );
    expect(await table.isInCare(therapist('cancelled@staff'), HOME, client)).toBe(false);
    clock.advanceTo('2026-04-09T14:59:59Z');
    expect(await table.isInCare(therapist('kept@staff'), HOME, client)).toBe(true);
    clock.advanceTo('2026-04-09T15:00:00Z');
    expect(await table.isInCare(therapist('kept@staff'), HOME, client)).toBe(false);
  });

  it('moves care with a rescheduled appointment, and applies an event delivered twice once', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const client = randomUUID();
    await register(first, 'first@staff');
    await register(second, 'second@staff');
    const b = booking(first, client, { bookedAt: '2026-04-10T09:00:00.000Z', startsAt: '2026-04-20T14:00:00.000Z', endsAt: '2026-04-20T15:00:00.000Z' });
    await tx((m) => projection.appointmentBooked(m, b));
    const moved = { ...b, therapistId: second, previousTherapistId: first, previousStartsAt: b.startsAt, rescheduledAt: '2026-04-11T09:00:00.000Z' };
    await tx((m) => projection.appointmentRescheduled(m, moved));
    const after = await relationships(client);
    await tx((m) => projection.appointmentRescheduled(m, moved));
    await tx((m) => projection.appointmentBooked(m, b));
    expect(await relationships(client)).toEqual(after);
    expect(after).toEqual([
      { therapist_subject: 'first@staff', since: new Date('2026-04-10T09:00:00Z'), until: new Date('2026-04-11T09:00:00Z') },
      { therapist_subject: 'second@staff', since: new Date('2026-04-11T09:00:00Z'), until: new Date('2026-05-20T15:00:00Z') },
    ]);
  });

  it('never loses a relationship when the registration and the booking are applied at the same time (two topics, two transactions)', async () => {
    const clients: string[] = [];
    for (let i = 0; i < 20; i++) {
      const therapistId = randomUUID();
      const client = randomUUID();
      clients.push(client);
      await Promise.all([register(therapistId, `concurrent-${i}@staff`), tx((m) => projection.appointmentBooked(m, booking(therapistId, client)))]);
    }
    for (const client of clients) expect(await relationships(client)).toHaveLength(1);
  });
});
