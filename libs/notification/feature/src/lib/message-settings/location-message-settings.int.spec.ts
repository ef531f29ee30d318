import { AppointmentBooked, type AppointmentBookedV1, type EventDefinition } from '@massage/contracts';
import { ManualClock } from '@massage/platform';
import { GATEWAY_ASSERTION_HEADER, generateAssertionKeyPair } from '@massage/platform-security';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppointmentMessagesService } from '../appointments/appointment-messages.service';
import { startNotificationTestApp, type NotificationTestApp } from '../testing/notification-test-app';
import { startNotificationTestEnv, type NotificationTestEnv } from '../testing/notification-test-env';
import { appointmentBooked } from '../testing/appointment-booked.fixture';

process.env['KAFKA_BROKERS'] ||= '127.0.0.1:9092';
process.env['PGHOST'] ||= '127.0.0.1';
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

jest.setTimeout(120_000);

const keys = generateAssertionKeyPair('notification-message-settings-spec');
type Role = 'front-desk' | 'location-manager' | 'therapist' | 'hq-admin';
const as = (role: Role, locationId = 'london') =>
  keys.signer.sign(
    { subject: `${role}@${locationId}`, role, locationId: role === 'hq-admin' ? '*' : locationId },
    'notification',
  );
// The test app has no ProblemDetailsFilter (the service's bootstrap adds it): the ValidationProblem's own body.
const fields = (body: unknown): string[] => [
  ...new Set(((body as { invalidParams?: { name: string }[] }).invalidParams ?? []).map((p) => p.name)),
];

/**
 * A location's reminder settings against real PostgreSQL: the routes (validation, permissions) and the planning of
 * a booking made after a change. Time is a ManualClock; the worker runs when the test moves it.
 */
describe("a location's message settings (PostgreSQL)", () => {
  const clock = new ManualClock('2026-03-02T12:00:00.000Z');
  let env: NotificationTestEnv;
  let test: NotificationTestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    env = await startNotificationTestEnv('notif_msg_settings', keys.publicKeysJson);
    test = await startNotificationTestApp('message-settings', clock, [AppointmentBooked] as EventDefinition<unknown>[]);
    dataSource = test.dataSource;
  });

  afterAll(async () => {
    await test?.close();
    await env?.close();
  });

  const api = () => request(test.app.getHttpServer());
  const settingsUrl = (locationId = 'london') => `/locations/${locationId}/message-settings`;
  const NEW_SETTINGS = {
    reminderOffsetsMinutes: [1440, 60],
    preVisitCheckMinutes: null,
    quietHours: { from: '22:00', to: '07:00' },
  };

  async function book(startsAt: Date, locationId = 'london'): Promise<AppointmentBookedV1> {
    const clientId = randomUUID();
    await dataSource.query(
      `INSERT INTO contact (client_id, location_id, given_name, family_name, email, preferred_channel, recorded_at) VALUES ($1, $2, 'Ada', 'Lovelace', $3, 'email', now())`,
      [clientId, locationId, `client-${clientId.slice(0, 8)}@example.test`],
    );
    const e = appointmentBooked({ clientId, locationId, startsAt, bookedAt: clock.now() });
    // What the inbox handler does: the service in one transaction.
    await dataSource.transaction((m) =>
      test.app.get(AppointmentMessagesService).booked(m, e, { id: randomUUID(), correlationId: randomUUID() }),
    );
    await test.job.idle();
    return e;
  }

  async function reminders(appointmentId: string): Promise<Record<string, { due: string; status: string }>> {
    const rows = (await dataSource.query(
      `SELECT kind, due_at, status FROM scheduled_message WHERE appointment_id = $1 AND kind NOT LIKE 'booking-%'`,
      [appointmentId],
    )) as {
      kind: string;
      due_at: Date;
      status: string;
    }[];
    return Object.fromEntries(rows.map((r) => [r.kind, { due: r.due_at.toISOString(), status: r.status }]));
  }

  it('a location without settings reads the defaults, and a booking there is planned with them', async () => {
    const res = await api()
      .get(settingsUrl('toronto'))
      .set(GATEWAY_ASSERTION_HEADER, as('front-desk', 'toronto'))
      .expect(200);
    expect(res.body).toMatchObject({
      isDefault: true,
      reminderOffsetsMinutes: [1440, 120],
      preVisitCheckMinutes: 2880,
      quietHours: { from: '21:00', to: '08:00' },
    });
    // 10:00 in Toronto (EST): 24 h and 2 h before, the check 48 h before, none in 21:00–08:00.
    const e = await book(new Date('2026-03-06T15:00:00Z'), 'toronto');
    expect(await reminders(e.appointmentId)).toEqual({
      'pre-visit-check': { due: '2026-03-04T15:00:00.000Z', status: 'scheduled' },
      'reminder-24h': { due: '2026-03-05T15:00:00.000Z', status: 'scheduled' },
      'reminder-2h': { due: '2026-03-06T13:00:00.000Z', status: 'scheduled' },
    });
  });

  it("a manager's settings (24 h and 1 h, no check, quiet 22:00–07:00) plan a later booking at those instants, sent when due", async () => {
    const put = await api()
      .put(settingsUrl())
      .set(GATEWAY_ASSERTION_HEADER, as('location-manager'))
      .send(NEW_SETTINGS)
      .expect(200);
    expect(put.body).toMatchObject({
      ...NEW_SETTINGS,
      locationId: 'london',
      isDefault: false,
      updatedBy: 'location-manager@london',
      updatedAt: clock.now().toISOString(),
    });
    expect((await api().get(settingsUrl()).set(GATEWAY_ASSERTION_HEADER, as('front-desk')).expect(200)).body).toEqual(
      put.body,
    );

    // 07:30 London (GMT): the 24 h reminder at 07:30 the day before (after 07:00, so not moved); the 1 h one would be
    // 06:30, in quiet hours, so at their end, 07:00. The defaults would have skipped a 2 h reminder here (08:00 end).
    const e = await book(new Date('2026-03-05T07:30:00Z'));
    expect(await reminders(e.appointmentId)).toEqual({
      'reminder-24h': { due: '2026-03-04T07:30:00.000Z', status: 'scheduled' },
      'reminder-1h': { due: '2026-03-05T07:00:00.000Z', status: 'scheduled' },
    });

    clock.advance(Date.parse('2026-03-05T06:59:00Z') - clock.now().getTime());
    await test.job.idle();
    expect((await reminders(e.appointmentId))['reminder-1h'].status).toBe('scheduled');
    clock.advance(60_000);
    await test.job.idle();
    expect(await reminders(e.appointmentId)).toEqual({
      'reminder-24h': { due: '2026-03-04T07:30:00.000Z', status: 'sent' },
      'reminder-1h': { due: '2026-03-05T07:00:00.000Z', status: 'sent' },
    });
  });

  it.each([
    ['an offset of 0', { ...NEW_SETTINGS, reminderOffsetsMinutes: [1440, 0] }, ['reminderOffsetsMinutes.1']],
    ['quiet hours from = to', { ...NEW_SETTINGS, quietHours: { from: '22:00', to: '22:00' } }, ['quietHours.to']],
    ['five reminders', { ...NEW_SETTINGS, reminderOffsetsMinutes: [10, 20, 30, 40, 50] }, ['reminderOffsetsMinutes']],
    [
      'quiet hours left out (null: any hour)',
      { reminderOffsetsMinutes: [60], preVisitCheckMinutes: null },
      ['quietHours'],
    ],
    ['an offset that is not a number', { ...NEW_SETTINGS, reminderOffsetsMinutes: ['60'] }, ['reminderOffsetsMinutes']],
    [
      'a quiet hour that is not HH:mm',
      { ...NEW_SETTINGS, quietHours: { from: '25:00', to: '07:00' } },
      ['quietHours.from'],
    ],
  ])('refuses %s with 400 naming the field, the settings unchanged', async (_case, body, named) => {
    const before = (await api().get(settingsUrl()).set(GATEWAY_ASSERTION_HEADER, as('location-manager')))
      .body as unknown;
    const res = await api().put(settingsUrl()).set(GATEWAY_ASSERTION_HEADER, as('location-manager')).send(body);
    expect([res.status, fields(res.body)]).toEqual([400, named]);
    expect((await api().get(settingsUrl()).set(GATEWAY_ASSERTION_HEADER, as('location-manager'))).body).toEqual(before);
  });

  it("refuses a change by the front desk or another location's manager (403), and a read by a therapist; HQ may change any (already scheduled reminders kept)", async () => {
    const changed = { ...NEW_SETTINGS, reminderOffsetsMinutes: [90] };
    await api().put(settingsUrl()).set(GATEWAY_ASSERTION_HEADER, as('front-desk')).send(changed).expect(403);
    await api()
      .put(settingsUrl())
      .set(GATEWAY_ASSERTION_HEADER, as('location-manager', 'toronto'))
      .send(changed)
      .expect(403);
    await api().get(settingsUrl()).set(GATEWAY_ASSERTION_HEADER, as('therapist')).expect(403);
    expect((await api().get(settingsUrl()).set(GATEWAY_ASSERTION_HEADER, as('front-desk'))).body).toMatchObject({
      reminderOffsetsMinutes: [1440, 60],
    });
    const bookedBefore = await book(new Date('2026-03-09T15:00:00Z'), 'toronto');
    const planned = await reminders(bookedBefore.appointmentId);
    await api().put(settingsUrl('toronto')).set(GATEWAY_ASSERTION_HEADER, as('hq-admin')).send(changed).expect(200);
    // Not re-planned: reminders already scheduled keep their instants (ADR 0020 addendum); the next booking uses 90 min.
    expect(await reminders(bookedBefore.appointmentId)).toEqual(planned);
    expect(
      Object.keys(await reminders((await book(new Date('2026-03-09T15:00:00Z'), 'toronto')).appointmentId)),
    ).toEqual(['reminder-90m']);
    expect(
      (await api().get(settingsUrl('toronto')).set(GATEWAY_ASSERTION_HEADER, as('front-desk', 'toronto'))).body,
    ).toMatchObject({ reminderOffsetsMinutes: [90], updatedBy: 'hq-admin@london' });
  });

  it("the table's CHECKs refuse what the domain refuses (any other writer)", async () => {
    const insert = (offsets: number[], from: string | null = null, to: string | null = null) =>
      dataSource.query(
        `INSERT INTO location_message_settings (location_id, reminder_offsets_minutes, quiet_from, quiet_to, updated_at, updated_by) VALUES ('check-spec', $1, $2, $3, now(), 'spec')`,
        [offsets, from, to],
      );
    await expect(insert([10, 20, 30, 40, 50])).rejects.toThrow(/location_message_settings_offsets_check/);
    await expect(insert([0])).rejects.toThrow(/location_message_settings_offsets_check/);
    await expect(insert([60, 60])).rejects.toThrow(/location_message_settings_offsets_check/);
    await expect(insert([60], '22:00', '22:00')).rejects.toThrow(/location_message_settings_quiet_check/);
    await expect(insert([60], '22:00', null)).rejects.toThrow(/location_message_settings_quiet_check/);
  });
});
