import fc from 'fast-check';
import { PRESSURE_LEVELS, type BodyRegion, type Technique } from '@massage/contracts';
import { searchAvailability, type AvailabilityCalendar, type AvailabilityQuery } from './availability';
import { checkBooking } from './booking-check';
import type { RestrictionProjection, TreatmentPlan } from './eligibility.types';
import type { BookedSpan, LocalWindow, Room, SchedulingLocation, Service, Shift, Therapist, WeeklyHours } from './calendar.types';
import { WEEKDAYS, type Weekday } from './local-time';

/**
 * Model test: `searchAvailability` against a brute-force reference on random calendars near DST changes.
 *
 * The reference shares no code with the search. It reads every minute of the period on the wall clock
 * with `Intl.DateTimeFormat`, and states the policy directly:
 * - a window boundary (date D, time X) is the first minute whose local (date, time) is ≥ (D, X);
 * - a slot start is a minute whose local time is on the step grid, the first minute with that local
 *   (date, time) — so starts the clocks skip never appear, repeated ones count once;
 * - a start is offered for a therapist when every minute of the appointment is open, on shift and not time
 *   off, and every minute of the appointment plus buffer is free of their, the client's and the room's
 *   bookings (the room: the first by id with the service's equipment); licence and certification valid
 *   on the start's local date.
 */

const MIN = 60_000;
const DAY = 86_400_000;
/** Zones and their DST changes in 2025 (Lord Howe shifts by 30 minutes); zones without DST get an ordinary day. */
const ZONE_DAYS: [string, string[]][] = [
  ['America/Toronto', ['2025-03-09', '2025-11-02']],
  ['America/St_Johns', ['2025-03-09', '2025-11-02']],
  ['Europe/London', ['2025-03-30', '2025-10-26']],
  ['Australia/Lord_Howe', ['2025-04-06', '2025-10-05']],
  ['Asia/Kolkata', []],
  ['UTC', []],
];
const changeDays = (zone: string) => ZONE_DAYS.find(([z]) => z === zone)?.[1] ?? [];
const RUNS = 150;
const EQUIPMENT = ['standard-table', 'prenatal-table'];

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plusDays = (date: string, n: number) => isoDate(Date.parse(`${date}T00:00:00Z`) + n * DAY);
const weekday = (date: string): Weekday => WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7];
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

// ---------- the reference ----------

interface Minute {
  ms: number;
  /** Local date as days since 1970-01-01. */
  day: number;
  /** Minute of the local day. */
  mod: number;
  /** Local date and time as one number (day * 1440 + minute). */
  key: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const readings = new Map<string, { day: number; mod: number }>();
/** The wall clock of a zone at an instant: days since 1970-01-01 and minute of the day (cached across cases). */
function wallClock(zone: string, ms: number): { day: number; mod: number } {
  const key = `${zone} ${ms}`;
  const cached = readings.get(key);
  if (cached) return cached;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  const s = f.format(new Date(ms)); // "2025-03-09, 01:30"
  const reading = { day: Date.parse(`${s.slice(0, 10)}T00:00:00Z`) / DAY, mod: Number(s.slice(12, 14)) * 60 + Number(s.slice(15, 17)) };
  readings.set(key, reading);
  return reading;
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

function referenceSlots(query: AvailabilityQuery, cal: AvailabilityCalendar): string[] {
  const { location, service } = cal;
  const zone = location.timeZone;
  // Every minute from the start of `from` to the end of the day after `to`, with a margin for any UTC offset.
  const first = Date.parse(`${query.from}T00:00:00Z`) - 15 * 60 * MIN;
  const last = Date.parse(`${plusDays(query.to, 2)}T00:00:00Z`) + 15 * 60 * MIN;
  const minutes: Minute[] = [];
  for (let ms = first; ms < last; ms += MIN) {
    const { day, mod } = wallClock(zone, ms);
    minutes.push({ ms, day, mod, key: day * 1440 + mod });
  }

  const boundary = (date: string, mod: number): number => {
    const target = dayNumber(date) * 1440 + mod;
    const i = minutes.findIndex((x) => x.key >= target);
    if (i < 0) throw new Error('reference period too short');
    return i;
  };
  const dates: string[] = [];
  for (let d = query.from; d <= plusDays(query.to, 1); d = plusDays(d, 1)) dates.push(d); // earlier days' windows end before `from` starts
  const mark = (windowsOf: (date: string) => LocalWindow[]): boolean[] => {
    const on = new Array<boolean>(minutes.length).fill(false);
    for (const date of dates) for (const w of windowsOf(date)) for (let i = boundary(date, toMod(w.from)); i < boundary(date, toMod(w.to)); i++) on[i] = true;
    return on;
  };
  const closed = (date: string) => location.closures.some((c) => c.from <= date && date <= c.to);
  const open = mark((date) => (closed(date) ? [] : (location.openingHours[weekday(date)] ?? [])));
  const busyOf = (spans: { start: Date; end: Date }[]) => minutes.map((m) => spans.some((s) => s.start.getTime() <= m.ms && m.ms < s.end.getTime()));
  const clientBusy = query.client ? busyOf(cal.bookings.filter((b) => b.clientId === query.client?.clientId)) : minutes.map(() => false);
  const roomBusy = new Map(location.rooms.map((r) => [r.id, busyOf(cal.bookings.filter((b) => b.roomId === r.id))]));
  const rooms = [...location.rooms].filter((r) => service.requiredEquipment.every((e) => r.equipment.includes(e))).sort((a, b) => (a.id < b.id ? -1 : 1));
  const therapists = [...cal.therapists].filter((t) => !query.therapistId || t.id === query.therapistId).sort((a, b) => (a.id < b.id ? -1 : 1));
  const perTherapist = new Map(
    therapists.map((t) => {
      const shift = mark((date) => t.shifts.filter((s) => s.locationId === location.id && s.weekday === weekday(date) && (!s.validFrom || s.validFrom <= date) && (!s.validTo || date <= s.validTo)));
      const off = busyOf(t.timeOff.map((o) => ({ start: o.from, end: o.to })));
      return [t.id, { shift, off, busy: busyOf(cal.bookings.filter((b) => b.therapistId === t.id)) }];
    }),
  );
  const all = (from: number, n: number, ok: (i: number) => boolean) => {
    for (let i = from; i < from + n; i++) if (!ok(i)) return false;
    return true;
  };
  const step = query.stepMinutes ?? 15;
  const dur = service.durationMinutes;
  const blocked = dur + service.bufferMinutes;
  const seen = new Set<number>();
  const out: string[] = [];
  const fromDay = dayNumber(query.from);
  const toDay = dayNumber(query.to);
  minutes.forEach((m, i) => {
    if (seen.has(m.key)) return; // the wall clock showed this before: not a new start
    seen.add(m.key);
    if (m.day < fromDay || m.day > toDay || m.mod % step !== 0) return;
    const date = isoDate(m.day * DAY);
    if (!all(i, blocked, (k) => !clientBusy[k])) return;
    const room = rooms.find((r) => all(i, blocked, (k) => !roomBusy.get(r.id)?.[k]));
    if (!room) return;
    for (const t of therapists) {
      const p = perTherapist.get(t.id);
      if (!p) continue;
      const licensed = t.licences.some((l) => l.jurisdiction === location.jurisdiction && date <= l.expiresOn);
      const certified = t.certifications.some((c) => service.techniques.includes(c.technique) && (!c.expiresOn || date <= c.expiresOn));
      if (!licensed || !certified) continue;
      if (!all(i, dur, (k) => open[k] && p.shift[k] && !p.off[k])) continue;
      if (!all(i, blocked, (k) => !p.busy[k])) continue;
      out.push(`${new Date(m.ms).toISOString()} ${date} ${hhmm(m.mod)} ${t.id} ${room.id}`);
    }
  });
  return out;
}

function toMod(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

// ---------- random calendars ----------

const windowArb: fc.Arbitrary<LocalWindow> = fc
  .tuple(fc.integer({ min: 0, max: 287 }), fc.integer({ min: 1, max: 120 }))
  .map(([a, len]) => ({ from: hhmm(a * 5), to: hhmm(Math.min(1440, a * 5 + len * 5)) }));
/** Night windows too, so the 00:00–04:00 DST hours get covered often. */
const anyWindowArb = fc.oneof(windowArb, fc.constantFrom<LocalWindow>({ from: '00:00', to: '04:00' }, { from: '00:30', to: '03:00' }, { from: '01:30', to: '02:30' }, { from: '00:00', to: '24:00' }));
const weeklyArb: fc.Arbitrary<WeeklyHours> = fc
  .tuple(...WEEKDAYS.map(() => fc.array(anyWindowArb, { maxLength: 2 })))
  .map((perDay) => Object.fromEntries(WEEKDAYS.map((d, i) => [d, perDay[i]])) as WeeklyHours);

interface Case {
  query: AvailabilityQuery;
  calendar: AvailabilityCalendar;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    zoneAndBase: fc.constantFrom(...ZONE_DAYS).chain(([zone, days]) => fc.tuple(fc.constant(zone), fc.constantFrom(...days, '2025-06-15'))),
    daysBefore: fc.integer({ min: 0, max: 1 }),
    daysAfter: fc.integer({ min: 0, max: 1 }),
    step: fc.constantFrom(5, 10, 15, 20, 30, 60),
    hours: weeklyArb,
    closureDays: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 1 }),
    rooms: fc.array(fc.subarray(EQUIPMENT), { minLength: 1, maxLength: 3 }),
    required: fc.subarray(EQUIPMENT, { maxLength: 1 }),
    duration: fc.integer({ min: 3, max: 24 }).map((n) => n * 5),
    buffer: fc.integer({ min: 0, max: 6 }).map((n) => n * 5),
    therapists: fc.array(
      fc.record({
        followsHours: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
        shifts: fc.array(fc.tuple(fc.constantFrom(...WEEKDAYS), anyWindowArb, fc.constantFrom('loc-1', 'loc-2'), fc.option(fc.integer({ min: -1, max: 3 }), { nil: undefined })), { maxLength: 5 }),
        timeOff: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 * 288 }), fc.integer({ min: 1, max: 60 })), { maxLength: 2 }),
        licenceDay: fc.integer({ min: -1, max: 8 }),
        certDay: fc.option(fc.integer({ min: -1, max: 8 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    bookings: fc.array(
      fc.record({
        therapist: fc.integer({ min: 0, max: 3 }),
        room: fc.integer({ min: 0, max: 3 }),
        ownClient: fc.boolean(),
        at: fc.integer({ min: 0, max: 4 * 288 }),
        len: fc.integer({ min: 1, max: 36 }),
      }),
      { maxLength: 8 },
    ),
    withClient: fc.boolean(),
    onlyFirstTherapist: fc.boolean(),
  })
  .map((r): Case => {
    const [zone, base] = r.zoneAndBase;
    const from = plusDays(base, -r.daysBefore);
    const to = plusDays(base, r.daysAfter);
    const origin = Date.parse(`${from}T00:00:00Z`) - 12 * 60 * MIN; // random instants are 5-minute steps from here
    const at = (fives: number) => new Date(origin + fives * 5 * MIN);
    const rooms: Room[] = r.rooms.map((equipment, i) => ({ id: `room-${i}`, equipment }));
    const location: SchedulingLocation = {
      id: 'loc-1',
      timeZone: zone,
      jurisdiction: 'J',
      openingHours: r.hours,
      closures: r.closureDays.map((n) => ({ from: plusDays(from, n), to: plusDays(from, n) })),
      rooms,
    };
    const service: Service = { id: 'svc', locationId: 'loc-1', durationMinutes: r.duration, bufferMinutes: r.buffer, techniques: ['swedish'], requiredEquipment: r.required };
    const therapists: Therapist[] = r.therapists.map((t, i) => ({
      id: `th-${i}`,
      licences: [{ number: `L${i}`, jurisdiction: 'J', expiresOn: plusDays(from, t.licenceDay) }],
      certifications: [{ technique: 'swedish', ...(t.certDay === undefined ? {} : { expiresOn: plusDays(from, t.certDay) }) }],
      shifts: [
        ...(t.followsHours ? WEEKDAYS.flatMap((weekday) => (r.hours[weekday] ?? []).map((w): Shift => ({ weekday, ...w, locationId: 'loc-1' }))) : []),
        ...t.shifts.map(([weekday, w, locationId, limit]): Shift => ({ weekday, ...w, locationId, ...(limit === undefined ? {} : { validTo: plusDays(from, limit) }) })),
      ],
      timeOff: t.timeOff.map(([a, len]) => ({ from: at(a), to: at(a + len) })),
    }));
    const bookings: BookedSpan[] = r.bookings.map((b, i) => ({
      appointmentId: `a${i}`,
      therapistId: `th-${b.therapist}`,
      roomId: `room-${b.room}`,
      clientId: b.ownClient ? 'client-1' : `client-${i + 10}`,
      start: at(b.at),
      end: at(b.at + b.len),
    }));
    const query: AvailabilityQuery = {
      from,
      to,
      stepMinutes: r.step,
      ...(r.onlyFirstTherapist ? { therapistId: 'th-0' } : {}),
      ...(r.withClient ? { client: { clientId: 'client-1', screening: { clientId: 'client-1', outcome: 'cleared', tableVersion: 't', asOf: new Date(0), restrictions: [] }, clearances: [] } } : {}),
    };
    return { query, calendar: { location, service, therapists, bookings } };
  });

describe('availability search against a brute-force reference (model test)', () => {
  it('offers exactly the reference’s slots on random calendars around DST changes', () => {
    fc.assert(
      fc.property(caseArb, ({ query, calendar }) => {
        const got = searchAvailability(query, calendar).map((s) => `${s.start.toISOString()} ${s.localDate} ${s.localStart} ${s.therapistId} ${s.roomId}`);
        expect(got).toEqual(referenceSlots(query, calendar));
      }),
      { numRuns: RUNS },
    );
  });

  // The generator must produce cases with slots, many on a DST change day, or the comparison proves little.
  // Judged on a fixed sample (this seed gives 15 of 150 with slots on a change day): on a random sample the
  // counts vary around the bound (13 of 150 was seen), and a test of the generator should not fail by chance.
  it('generates cases with slots, and with slots on DST change days (fixed sample)', () => {
    const sample = fc.sample(caseArb, { numRuns: RUNS, seed: 20_261_201 });
    const wanted = sample.map(({ query, calendar }) => ({ zone: calendar.location.timeZone, slots: referenceSlots(query, calendar) }));
    expect(wanted.filter((w) => w.slots.length > 0).length).toBeGreaterThan(RUNS / 3);
    expect(wanted.filter((w) => w.slots.some((slot) => changeDays(w.zone).includes(slot.split(' ')[1]))).length).toBeGreaterThanOrEqual(RUNS / 10);
  });
});

describe('availability search and the booking check agree', () => {
  const techniques: Technique[] = ['swedish', 'deep-tissue'];
  const regions: BodyRegion[] = ['upper-back', 'left-calf'];
  const planArb: fc.Arbitrary<TreatmentPlan> = fc.record({
    techniques: fc.subarray(techniques, { minLength: 1 }),
    focusRegions: fc.subarray(regions, { minLength: 1 }),
    pressure: fc.constantFrom(...PRESSURE_LEVELS),
  });
  const restrictionArb: fc.Arbitrary<RestrictionProjection> = fc.record({
    rule: fc.constantFrom('VARIC', 'ANTICOAG', 'ONC_TX'),
    kind: fc.constantFrom('LOCAL' as const, 'MODIFY' as const, 'CLEARANCE' as const),
    techniques: fc.oneof(fc.constant('all' as const), fc.subarray(techniques, { minLength: 1 })),
    regions: fc.oneof(fc.constant('all' as const), fc.subarray(regions, { minLength: 1 })),
    maxPressure: fc.constantFrom(...PRESSURE_LEVELS),
  });

  it('every slot offered to a client with a plan is accepted by checkBooking (its therapist, room and start)', () => {
    let checked = 0;
    fc.assert(
      fc.property(caseArb, planArb, fc.array(restrictionArb, { maxLength: 2 }), ({ query, calendar }, plan, restrictions) => {
        const screening = { clientId: 'client-1', outcome: 'modified' as const, tableVersion: 't', asOf: new Date(0), restrictions };
        const q: AvailabilityQuery = { ...query, plan, client: { clientId: 'client-1', screening, clearances: [] } };
        const service = { ...calendar.service, techniques };
        // Certified in deep tissue on the same terms as in Swedish, so plans with it find slots too.
        const therapists = calendar.therapists.map((t) => ({ ...t, certifications: t.certifications.flatMap((c) => [c, { ...c, technique: 'deep-tissue' as const }]) }));
        const slots = searchAvailability(q, { ...calendar, service, therapists });
        // At most 40 slots a case, spread over the list.
        const stride = Math.max(1, Math.ceil(slots.length / 40));
        for (let i = 0; i < slots.length; i += stride) {
          const slot = slots[i];
          const therapist = therapists.find((t) => t.id === slot.therapistId);
          if (!therapist) throw new Error('slot for an unknown therapist');
          const decision = checkBooking(
            { clientId: 'client-1', therapistId: therapist.id, serviceId: service.id, start: slot.start, roomId: slot.roomId, ...plan },
            { location: calendar.location, service, therapist, bookings: calendar.bookings, screening, clearances: [] },
          );
          checked++;
          if (!decision.ok) expect({ slot, refusals: decision.refusals }).toEqual({ slot, refusals: [] });
        }
      }),
      { numRuns: 100 },
    );
    expect(checked).toBeGreaterThan(200);
  });
});
