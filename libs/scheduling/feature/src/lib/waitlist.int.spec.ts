import { randomUUID } from 'node:crypto';
import {
  AppointmentBooked,
  AUDIT_TOPIC,
  SCHEDULING_APPOINTMENTS_TOPIC,
  SCHEDULING_LOCATIONS_TOPIC,
  SCHEDULING_THERAPISTS_TOPIC,
  SCHEDULING_WAITLIST_TOPIC,
  WaitlistSlotOffered,
  type WaitlistSlotOfferedV1,
} from '@massage/contracts';
import { ManualClock } from '@massage/platform';
import { generateAssertionKeyPair } from '@massage/platform-security';
import type { AppointmentResponse, AvailabilityResponse, BookAppointmentRequest, JoinWaitlistRequest, WaitlistEntryResponse, WaitlistResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { collectTopic, ensureTopics, testKafka, type TopicCollector } from '@massage/testing';
import { EVERY_DAY, openTestLocation, SchedulingCaller, seedClient, startSchedulingTestApp, type SchedulingTestApp, type TestCalendar } from './testing/scheduling-test-app';
import { WaitlistOffering } from './waitlist/waitlist-offering';
import { WaitlistJob } from './waitlist/waitlist.job';

process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
jest.setTimeout(180_000);

const HOME = 'downtown-toronto';
const keys = generateAssertionKeyPair('waitlist-spec');
const desk: Actor = { subject: 'desk-1', role: 'front-desk', locationId: HOME };
const manager: Actor = { subject: `manager@${HOME}`, role: 'location-manager', locationId: HOME };
const SWEEP_MS = 60_000;
const HOLD_MS = 120 * 60_000;
/** Toronto is on EDT (UTC−4) from 2026-03-08. */
const at = (date: string, time: string): string => `${date}T${time}:00-04:00`;
const iso = (instant: string): string => new Date(instant).toISOString();

interface Problem {
  type: string;
  rule?: string;
  refusals?: { rule: string; resource?: string; reason?: string }[];
}

/**
 * The waitlist on a real PostgreSQL and Kafka (the relay publishes to the broker), its clock moved instead of
 * waited for (a ManualClock drives the use cases and the waitlist job): a cancelled slot is offered to the first
 * waiting client it suits and is safe for, held (everybody else is refused `slot-taken`), passed on when the hold
 * expires or is declined, and booked when accepted; concurrent cancellations and an accept racing other bookings
 * never double-book.
 */
describe('waitlist (PostgreSQL, Kafka, a moved clock)', () => {
  const clock = new ManualClock('2026-03-02T15:00:00Z');
  let t: SchedulingTestApp;
  let api: SchedulingCaller;
  let calendar: TestCalendar;
  let secondTherapist: string;
  let offeredOnKafka: TopicCollector;
  const base = (path: string): string => `/locations/${HOME}${path}`;

  const job = (): WaitlistJob => t.app.get(WaitlistJob);
  /** Moves the clock; every run of the waitlist job due by then is over. */
  const moveTo = async (instant: string | Date): Promise<void> => {
    clock.advanceTo(instant);
    await job().idle();
  };
  /** Lets the periodic sweep run (the safety net: it finds any freed slot still queued). */
  const sweep = (): Promise<void> => moveTo(new Date(clock.now().getTime() + SWEEP_MS));
  const later = (minutes: number): Promise<void> => moveTo(new Date(clock.now().getTime() + minutes * 60_000));

  const booking = (clientId: string, startsAt: string, over: Partial<BookAppointmentRequest> = {}): BookAppointmentRequest => ({
    clientId,
    therapistId: calendar.therapistId,
    serviceId: calendar.serviceId,
    startsAt,
    techniques: ['swedish'],
    focusRegions: ['upper-back'],
    pressure: 'P2',
    ...over,
  });
  const book = async (body: BookAppointmentRequest): Promise<AppointmentResponse> => {
    const res = await api.post(desk, base('/appointments'), body);
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
    return res.body as AppointmentResponse;
  };
  const cancel = async (id: string): Promise<void> => {
    await api.post(desk, base(`/appointments/${id}/cancel`), { reason: 'client-request' }, null).expect(200);
  };
  const join = async (clientId: string, from: string, to: string, over: Partial<JoinWaitlistRequest> = {}): Promise<WaitlistEntryResponse> => {
    const res = await api.post(desk, base('/waitlist'), { clientId, serviceId: calendar.serviceId, from, to, techniques: ['swedish'], focusRegions: ['upper-back'], pressure: 'P2', ...over });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
    return res.body as WaitlistEntryResponse;
  };
  const entry = async (id: string): Promise<WaitlistEntryResponse> => (await api.get(desk, base(`/waitlist/${id}`)).expect(200)).body as WaitlistEntryResponse;
  const offersIn = async (entryId: string): Promise<WaitlistSlotOfferedV1[]> =>
    ((await t.pg.query(`SELECT payload FROM outbox WHERE type = $1 AND key = $2 ORDER BY seq`, [WaitlistSlotOffered.type, entryId])).rows as { payload: WaitlistSlotOfferedV1 }[]).map((r) => r.payload);
  const accept = (entryId: string, key: string = randomUUID()) => api.post(desk, base(`/waitlist/${entryId}/offer/accept`), {}, key);
  const safeClient = (): Promise<string> => seedClient(t.pg, HOME);
  const deferredClient = (): Promise<string> =>
    seedClient(t.pg, HOME, { outcome: 'deferred', restrictions: [{ rule: 'DVT_ACT', kind: 'ABSOLUTE', techniques: 'all', regions: 'all', positioning: [] }] });

  beforeAll(async () => {
    process.env['WAITLIST_SWEEP_MS'] = String(SWEEP_MS);
    const { brokers } = await testKafka();
    await ensureTopics(brokers, [SCHEDULING_APPOINTMENTS_TOPIC, SCHEDULING_THERAPISTS_TOPIC, SCHEDULING_LOCATIONS_TOPIC, SCHEDULING_WAITLIST_TOPIC, AUDIT_TOPIC]);
    offeredOnKafka = await collectTopic(brokers, SCHEDULING_WAITLIST_TOPIC.name);
    t = await startSchedulingTestApp('sched_waitlist', { gatewayPublicKeysJson: keys.publicKeysJson, now: clock.now(), manualClock: clock, relay: true });
    api = new SchedulingCaller(t.baseUrl, keys.signer);
    calendar = await openTestLocation(api, HOME);
    await api.post(manager, base('/rooms'), { code: 'room-2', name: 'Room 2', equipment: [] }).expect(201);
    const therapist = await api.post(manager, base('/therapists'), { subject: 'therapist-2', displayName: 'Ari', licence: { number: 'RMT-2', jurisdiction: 'CA-ON', expiresOn: '2030-12-31' } }).expect(201);
    secondTherapist = (therapist.body as { id: string }).id;
    await api.put(manager, base(`/therapists/${secondTherapist}/certifications/swedish`), {}).expect(200);
    await api.put(manager, base(`/therapists/${secondTherapist}/shifts`), { shifts: EVERY_DAY.map((weekday) => ({ weekday, from: '08:00', to: '20:00' })) }).expect(200);
  });

  afterAll(async () => {
    await t?.close();
    await offeredOnKafka?.stop();
    delete process.env['WAITLIST_SWEEP_MS'];
  });

  describe('one freed slot, first come first served', () => {
    const SLOT = at('2026-03-10', '14:00');
    const entries: Record<'mornings' | 'deferred' | 'first' | 'second' | 'third', WaitlistEntryResponse> = {} as never;
    let offerId: string;
    let heldRoom: string;

    it('offers a cancelled slot to the first waiting client it suits and is safe for, holding it, with WaitlistSlotOffered on Kafka', async () => {
      const appointment = await book(booking(await safeClient(), SLOT));
      // Joined first, but only for mornings; then a client screening defers; then three safe clients, a minute apart.
      entries.mornings = await join(await safeClient(), '2026-03-09', '2026-03-13', { preferredTimes: [{ from: '09:00', to: '12:00' }] });
      await later(1);
      entries.deferred = await join(await deferredClient(), '2026-03-09', '2026-03-13');
      await later(1);
      entries.first = await join(await safeClient(), '2026-03-09', '2026-03-13');
      await later(1);
      entries.second = await join(await safeClient(), '2026-03-09', '2026-03-13', { therapistId: calendar.therapistId });
      await later(1);
      entries.third = await join(await safeClient(), '2026-03-09', '2026-03-13');
      await sweep();
      expect(await offersIn(entries.first.id)).toEqual([]);

      await cancel(appointment.id);
      await sweep();
      const offeredAt = clock.now();
      const [offer] = await offersIn(entries.first.id);
      expect(offer).toEqual({
        waitlistEntryId: entries.first.id,
        offerId: expect.any(String),
        locationId: HOME,
        clientId: entries.first.clientId,
        serviceId: calendar.serviceId,
        therapistId: calendar.therapistId,
        roomId: expect.any(String),
        startsAt: iso(SLOT),
        endsAt: iso(at('2026-03-10', '15:00')),
        offeredAt: expect.any(String),
        expiresAt: new Date(new Date(offer?.offeredAt ?? 0).getTime() + HOLD_MS).toISOString(),
      });
      expect(new Date(offer?.offeredAt ?? 0).getTime()).toBeLessThanOrEqual(offeredAt.getTime());
      offerId = offer?.offerId ?? '';
      heldRoom = offer?.roomId ?? '';
      for (const other of [entries.mornings, entries.deferred, entries.second, entries.third]) expect(await offersIn(other.id)).toEqual([]);

      const list = (await api.get(desk, base('/waitlist')).expect(200)).body as WaitlistResponse;
      expect(list.entries.map((e) => [e.id, e.status])).toEqual([
        [entries.mornings.id, 'waiting'],
        [entries.deferred.id, 'waiting'],
        [entries.first.id, 'offered'],
        [entries.second.id, 'waiting'],
        [entries.third.id, 'waiting'],
      ]);
      expect(list.entries[2]?.offer).toMatchObject({ id: offerId, status: 'open', startsAt: iso(SLOT), expiresAt: offer?.expiresAt });
      expect(((await api.get(desk, base(`/appointments/${offerId}`)).expect(200)).body as AppointmentResponse).status).toBe('held');

      const [message] = await offeredOnKafka.waitForMessages(1, { predicate: (m) => m.key === entries.first.id, timeoutMs: 30_000 });
      expect(message?.headers['ce_type']).toBe(WaitlistSlotOffered.type);
      expect(JSON.parse(message?.value ?? '{}')).toEqual(offer);
    });

    it('while held, the slot refuses everyone else with slot-taken (another client, a waiting client, the room for another therapist) and is not searchable', async () => {
      const refused = async (body: BookAppointmentRequest, resource: string): Promise<void> => {
        const res = await api.post(desk, base('/appointments'), body);
        expect([res.status, (res.body as Problem).rule, (res.body as Problem).refusals?.map((r) => r.resource)]).toEqual([409, 'slot-taken', expect.arrayContaining([resource])]);
      };
      await refused(booking(await safeClient(), SLOT), 'therapist');
      await refused(booking(entries.second.clientId, SLOT), 'therapist');
      await refused(booking(await safeClient(), SLOT, { therapistId: secondTherapist, roomId: heldRoom }), 'room');
      const search = (await api.get(desk, base(`/availability?serviceId=${calendar.serviceId}&from=2026-03-10&to=2026-03-10&therapistId=${calendar.therapistId}`)).expect(200)).body as AvailabilityResponse;
      expect(search.slots.map((s) => s.localTime)).not.toContain('14:00');
      expect(search.slots.map((s) => s.localTime)).toContain('16:00');
    });

    it('when the hold expires, the next waiting client is offered the slot and the first can no longer accept it', async () => {
      const [first] = await offersIn(entries.first.id);
      await moveTo(new Date(new Date(first?.expiresAt ?? 0).getTime() - 1));
      expect(await offersIn(entries.second.id)).toEqual([]);
      await moveTo(first?.expiresAt ?? '');
      const [second] = await offersIn(entries.second.id);
      expect(second).toMatchObject({ startsAt: iso(SLOT), offeredAt: first?.expiresAt });
      expect((await entry(entries.first.id)).status).toBe('waiting');
      const late = await accept(entries.first.id);
      expect([late.status, (late.body as Problem).rule]).toEqual([409, 'no-open-offer']);
      expect((await t.pg.query(`SELECT count(*)::int AS n FROM appointment WHERE status = 'held'`)).rows).toEqual([{ n: 1 }]);
    });

    it('a declined offer goes to the next waiting client; nobody is offered the same slot twice', async () => {
      const declined = await api.post(desk, base(`/waitlist/${entries.second.id}/offer/decline`), {}, null);
      expect([declined.status, (declined.body as WaitlistEntryResponse).status]).toEqual([200, 'waiting']);
      await job().idle();
      const [third] = await offersIn(entries.third.id);
      expect(third).toMatchObject({ startsAt: iso(SLOT) });
      // Its hold ends too: the clients who had the slot, the one only for mornings, the deferred one: nobody left.
      await moveTo(third?.expiresAt ?? '');
      for (const e of Object.values(entries)) expect((await offersIn(e.id)).length).toBeLessThanOrEqual(1);
      expect((await t.pg.query(`SELECT count(*)::int AS n FROM appointment WHERE status = 'held'`)).rows).toEqual([{ n: 0 }]);
    });
  });

  describe('accepting', () => {
    it('books the held slot (Idempotency-Key: the same key answers the same appointment), publishes AppointmentBooked, marks the entry booked', async () => {
      const SLOT = at('2026-03-16', '10:00');
      const taken = await book(booking(await safeClient(), SLOT));
      const waiting = await join(await safeClient(), '2026-03-16', '2026-03-16');
      await cancel(taken.id);
      await sweep();
      const [offer] = await offersIn(waiting.id);
      const key = randomUUID();
      const res = await accept(waiting.id, key);
      expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201, body: { id: offer?.offerId, status: 'booked', clientId: waiting.clientId, startsAt: iso(SLOT) } });
      const again = await accept(waiting.id, key);
      expect([again.status, (again.body as AppointmentResponse).id]).toEqual([201, offer?.offerId]);
      expect((await t.pg.query(`SELECT type FROM outbox WHERE key = $1 AND type = $2`, [offer?.offerId, AppointmentBooked.type])).rows).toHaveLength(1);
      expect(await entry(waiting.id)).toMatchObject({ status: 'booked', appointmentId: offer?.offerId, offer: { status: 'accepted', appointmentId: offer?.offerId } });
      const declineAfter = await api.post(desk, base(`/waitlist/${waiting.id}/offer/decline`), {}, null);
      expect([declineAfter.status, (declineAfter.body as Problem).rule]).toEqual([409, 'no-open-offer']);
    });

    it('the offered client booking the held slot through the booking route accepts the offer', async () => {
      const SLOT = at('2026-03-17', '10:00');
      const taken = await book(booking(await safeClient(), SLOT));
      const waiting = await join(await safeClient(), '2026-03-17', '2026-03-17');
      await cancel(taken.id);
      await sweep();
      const [offer] = await offersIn(waiting.id);
      const booked = await book(booking(waiting.clientId, SLOT));
      expect(booked.id).toBe(offer?.offerId);
      expect((await entry(waiting.id)).status).toBe('booked');
    });

    it('leaving the waitlist releases a held slot to the next waiting client', async () => {
      const SLOT = at('2026-03-18', '10:00');
      const taken = await book(booking(await safeClient(), SLOT));
      const leaving = await join(await safeClient(), '2026-03-18', '2026-03-18');
      await later(1);
      const next = await join(await safeClient(), '2026-03-18', '2026-03-18');
      await cancel(taken.id);
      await sweep();
      expect(await offersIn(leaving.id)).toHaveLength(1);
      const left = await api.post(desk, base(`/waitlist/${leaving.id}/leave`), {}, null);
      expect([left.status, (left.body as WaitlistEntryResponse).status]).toEqual([200, 'left']);
      await job().idle();
      expect(await offersIn(next.id)).toEqual([expect.objectContaining({ startsAt: iso(SLOT) })]);
      expect(((await api.get(desk, base('/waitlist')).expect(200)).body as WaitlistResponse).entries.map((e) => e.id)).not.toContain(leaving.id);
    });
  });

  describe('what frees a slot', () => {
    /** Nothing of the job's is due on the unmoved clock (the sweep neither): a run before it moves was poked. */
    const nothingDue = (): void => expect(job().nextRunAt()?.getTime()).toBeGreaterThan(clock.now().getTime());

    it('a cancellation is offered at once: the cancel pokes the job after its commit, the sweep is not waited for', async () => {
      const SLOT = at('2026-03-20', '10:00');
      const taken = await book(booking(await safeClient(), SLOT));
      const waiting = await join(await safeClient(), '2026-03-20', '2026-03-20');
      nothingDue();
      await cancel(taken.id);
      await job().idle();
      expect(await offersIn(waiting.id)).toEqual([expect.objectContaining({ startsAt: iso(SLOT), offeredAt: clock.now().toISOString() })]);
    });

    it('a reschedule away frees the old slot, offered at once; a no-show frees nothing (its slot has begun)', async () => {
      const moved = await book(booking(await safeClient(), at('2026-03-19', '11:00')));
      const missed = await book(booking(await safeClient(), at('2026-03-19', '09:00'), { therapistId: secondTherapist }));
      const waiting = await join(await safeClient(), '2026-03-19', '2026-03-19');
      nothingDue();
      await api.post(desk, base(`/appointments/${moved.id}/reschedule`), { startsAt: at('2026-03-19', '16:00') }, null).expect(200);
      await job().idle();
      expect(await offersIn(waiting.id)).toEqual([
        expect.objectContaining({ startsAt: iso(at('2026-03-19', '11:00')), therapistId: calendar.therapistId, offeredAt: clock.now().toISOString() }),
      ]);

      const afterMissed = await join(await safeClient(), '2026-03-19', '2026-03-19', { therapistId: secondTherapist });
      await moveTo(at('2026-03-19', '09:30'));
      await api.post(desk, base(`/appointments/${missed.id}/no-show`), {}, null).expect(200);
      await sweep();
      expect(await offersIn(afterMissed.id)).toEqual([]);
      expect((await t.pg.query(`SELECT count(*)::int AS n FROM waitlist_freed_slot`)).rows).toEqual([{ n: 0 }]);
    });
  });

  describe('concurrency', () => {
    it('two cancellations at once, two replicas offering: one open offer per client, one hold per slot', async () => {
      const SLOT = at('2026-03-24', '10:00');
      const one = await book(booking(await safeClient(), SLOT, { roomId: calendar.roomId }));
      const two = await book(booking(await safeClient(), SLOT, { therapistId: secondTherapist }));
      const first = await join(await safeClient(), '2026-03-24', '2026-03-24');
      await later(1);
      const second = await join(await safeClient(), '2026-03-24', '2026-03-24');
      await Promise.all([cancel(one.id), cancel(two.id)]);
      const offering = t.app.get(WaitlistOffering);
      await Promise.all([offering.runDue(clock.now()), offering.runDue(clock.now()), job().idle()]);
      const offers = [...(await offersIn(first.id)), ...(await offersIn(second.id))];
      expect(offers).toHaveLength(2);
      expect(new Set(offers.map((o) => o.waitlistEntryId)).size).toBe(2);
      expect(new Set(offers.map((o) => o.therapistId))).toEqual(new Set([calendar.therapistId, secondTherapist]));
      expect((await t.pg.query(`SELECT count(*)::int AS n FROM appointment WHERE status IN ('held', 'booked') AND starts_at = $1`, [iso(SLOT)])).rows).toEqual([{ n: 2 }]);
    });

    it('an accept racing 20 bookings of the held slot: the offered client wins, the others are refused slot-taken, no 5xx', async () => {
      const SLOT = at('2026-03-25', '10:00');
      const taken = await book(booking(await safeClient(), SLOT));
      const waiting = await join(await safeClient(), '2026-03-25', '2026-03-25', { therapistId: calendar.therapistId });
      await cancel(taken.id);
      await sweep();
      const [offer] = await offersIn(waiting.id);
      const others: string[] = [];
      for (let i = 0; i < 20; i += 1) others.push(await safeClient());
      const results = await Promise.all([
        accept(waiting.id),
        ...others.map((clientId, i) => api.post(desk, base('/appointments'), booking(clientId, SLOT, i % 2 === 0 ? {} : { therapistId: secondTherapist, roomId: offer?.roomId }))),
      ]);
      expect(results.map((r) => r.status)).toEqual([201, ...others.map(() => 409)]);
      expect(new Set(results.slice(1).map((r) => (r.body as Problem).rule))).toEqual(new Set(['slot-taken']));
      expect(
        (await t.pg.query(`SELECT id, client_id FROM appointment WHERE status IN ('held', 'booked') AND starts_at < $2 AND blocked_until > $1 AND (therapist_id = $3 OR room_id = $4)`, [iso(SLOT), iso(at('2026-03-25', '11:15')), calendar.therapistId, offer?.roomId])).rows,
      ).toEqual([{ id: offer?.offerId, client_id: waiting.clientId }]);
    });
  });
});
