import fc from 'fast-check';
import { CLEARANCE_STATUSES, PRESSURE_LEVELS, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import { checkBooking, type BookingContext, type BookingRequest } from './booking-check';
import { BOOKING_REFUSAL_RULES, type BookingRefusalRule } from './refusal';
import type { BookedSpan, Certification, Licence, Room, SchedulingLocation, Service, Therapist } from './calendar.types';
import type { ClearanceProjection, RestrictionProjection, ScreeningProjection } from './eligibility.types';
import { WEEKDAYS, type Weekday } from './local-time';

/**
 * Clinical safety property: on random therapists, screenings, clearances, calendars and requests,
 * `checkBooking` refuses exactly the rules an independent oracle (below, sharing no code with the
 * check) finds broken. So no accepted booking breaks a rule, every refusal names a listed rule, and a
 * `contraindicated` or `clearance-required` refusal names a screening rule of the client's restrictions.
 *
 * The oracle reads the rules pair by pair: a plan breaks a LOCAL/MODIFY restriction when some planned
 * (technique, focus region) pair is forbidden by it, judged one pair at a time; time on the wall clock
 * comes from `Intl.DateTimeFormat`, minute by 5-minute step. An ABSOLUTE restriction with `reScreenBy` (a today-only
 * deferral) defers appointments starting on or before the local date of its last deferred instant, not later ones.
 */

const RUNS = 10_000;
const MIN = 60_000;
const TECHS: Technique[] = ['swedish', 'deep-tissue', 'trigger-point', 'lymphatic-drainage', 'prenatal'];
const REGIONS: BodyRegion[] = ['upper-back', 'lower-back', 'left-calf', 'abdomen', 'neck'];
const RULE_CODES = ['DVT_ACT', 'VARIC', 'ANTICOAG', 'ONC_TX', 'SURG', 'OSTEO', 'FEVER'];
const CLEARANCE_IDS = ['c1', 'c2', 'c3'];
const EQUIPMENT = ['standard-table', 'prenatal-table'];
const BASE = Date.parse('2026-03-16T00:00:00Z'); // a Monday, away from any DST change
const DAYS = ['2026-03-15', '2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20'];

// ---------- the oracle ----------

const formatters = new Map<string, Intl.DateTimeFormat>();
function wall(zone: string, ms: number): { date: string; minute: number } {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  const s = f.format(new Date(ms));
  return { date: s.slice(0, 10), minute: Number(s.slice(12, 14)) * 60 + Number(s.slice(15, 17)) };
}
const memo = <T,>(f: (k: string) => T) => {
  const cache = new Map<string, T>();
  return (k: string): T => {
    if (!cache.has(k)) cache.set(k, f(k));
    return cache.get(k) as T;
  };
};
const weekday = memo((date): Weekday => WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]);
const mins = memo((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)));
const deeper = (p: PressureLevel, cap: PressureLevel | 'none') => cap === 'none' || PRESSURE_LEVELS.indexOf(p) > PRESSURE_LEVELS.indexOf(cap);
const inside = (ms: number, spans: { start: number; end: number }[]) => spans.some((s) => s.start <= ms && ms < s.end);

interface Verdict {
  rules: Set<BookingRefusalRule>;
  contraindicatedBy: Set<string>;
  clearanceNeededBy: Set<string>;
}

function oracle(req: BookingRequest, ctx: BookingContext): Verdict {
  const { location: loc, service: svc, therapist: th } = ctx;
  const broken = new Set<BookingRefusalRule>();
  const contraindicatedBy = new Set<string>();
  const clearanceNeededBy = new Set<string>();
  const start = req.start.getTime();
  const end = start + svc.durationMinutes * MIN;
  const blockedEnd = end + svc.bufferMinutes * MIN;
  const date = wall(loc.timeZone, start).date;

  // Licence and certifications on the local date of the start.
  if (!th.licences.some((l) => l.jurisdiction === loc.jurisdiction && !(l.validFrom && l.validFrom > date) && !(l.expiresOn < date))) broken.add('licence-expired');
  for (const t of req.techniques) if (!th.certifications.some((c) => c.technique === t && !(c.validFrom && c.validFrom > date) && !(c.expiresOn && c.expiresOn < date))) broken.add('not-certified');

  // Screening.
  const s = ctx.screening;
  // An ABSOLUTE restriction with reScreenBy defers through the location's local day holding its last instant.
  const defers = (r: RestrictionProjection) => r.kind === 'ABSOLUTE' && (!r.reScreenBy || date <= wall(loc.timeZone, r.reScreenBy.getTime() - 1).date);
  if (!s) broken.add('screening-pending');
  else if (s.restrictions.some(defers) || (s.outcome === 'deferred' && !s.restrictions.some((r) => r.kind === 'ABSOLUTE'))) broken.add('deferred');
  else {
    for (const r of s.restrictions) {
      for (const t of req.techniques) {
        for (const g of req.focusRegions) {
          const onTechnique = r.techniques === 'all' || r.techniques.includes(t);
          const onRegion = r.regions === 'all' || r.regions.includes(g);
          if (!onRegion) continue;
          const overCap = r.maxPressure !== undefined && deeper(req.pressure, r.maxPressure);
          if (r.kind === 'LOCAL' && onTechnique && (r.maxPressure === undefined || overCap)) contraindicatedBy.add(r.rule);
          // MODIFY: "on these regions, these techniques at most this pressure" (`none`: not at all; no cap, no limit).
          if (r.kind === 'MODIFY' && onTechnique && overCap) contraindicatedBy.add(r.rule);
          if (r.kind === 'CLEARANCE' && onTechnique) {
            const c = ctx.clearances.find((x) => x.id === r.satisfiedBy);
            const valid = c !== undefined && c.status === 'recorded' && c.rules.includes(r.rule) && end <= c.expiresAt.getTime();
            if (!valid) clearanceNeededBy.add(r.rule);
          }
        }
      }
    }
    if (contraindicatedBy.size > 0) broken.add('contraindicated');
    if (clearanceNeededBy.size > 0) broken.add('clearance-required');
  }

  // Hours: every 5-minute step of the appointment (all times here are on the 5-minute grid).
  const closed = (d: string) => loc.closures.some((c) => c.from <= d && d <= c.to);
  const offs = th.timeOff.map((o) => ({ start: o.from.getTime(), end: o.to.getTime() }));
  for (let ms = start; ms < end; ms += 5 * MIN) {
    const w = wall(loc.timeZone, ms);
    const within = (windows: { from: string; to: string }[]) => windows.some((x) => mins(x.from) <= w.minute && w.minute < mins(x.to));
    if (closed(w.date) || !within(loc.openingHours[weekday(w.date)] ?? [])) broken.add('outside-hours');
    if (!within(th.shifts.filter((x) => x.locationId === loc.id && x.weekday === weekday(w.date)))) broken.add('outside-hours');
    if (inside(ms, offs)) broken.add('outside-hours');
  }

  // Who and what is taken for the blocked span.
  const others = ctx.bookings.filter((b) => b.appointmentId !== req.replacesAppointmentId && b.start.getTime() < blockedEnd && start < b.end.getTime());
  if (others.some((b) => b.therapistId === th.id || b.clientId === req.clientId)) broken.add('slot-taken');
  const fits = (room: Room) => svc.requiredEquipment.every((e) => room.equipment.includes(e));
  const free = (room: Room) => !others.some((b) => b.roomId === room.id);
  if (req.roomId !== undefined) {
    const room = loc.rooms.find((r) => r.id === req.roomId);
    if (!room || !fits(room)) broken.add('room-unsuitable');
    else if (!free(room)) broken.add('slot-taken');
  } else {
    const suitable = loc.rooms.filter(fits);
    if (suitable.length === 0) broken.add('room-unsuitable');
    else if (!suitable.some(free)) broken.add('slot-taken');
  }
  return { rules: broken, contraindicatedBy, clearanceNeededBy };
}

// ---------- random cases ----------

const dayArb = fc.constantFrom(...DAYS);
const at5 = (fives: number) => new Date(BASE - 12 * 60 * MIN + fives * 5 * MIN);
const fivesArb = fc.integer({ min: 0, max: 4 * 288 });

const licenceArb: fc.Arbitrary<Licence> = fc.record(
  { number: fc.constant('L-1'), jurisdiction: fc.constantFrom('J1', 'J1', 'J2'), validFrom: dayArb, expiresOn: dayArb },
  { requiredKeys: ['number', 'jurisdiction', 'expiresOn'] },
);
const certificationArb: fc.Arbitrary<Certification> = fc.record({ technique: fc.constantFrom(...TECHS), validFrom: dayArb, expiresOn: dayArb }, { requiredKeys: ['technique'] });
const hoursArb = fc.constantFrom({ from: '08:00', to: '20:00' }, { from: '09:00', to: '13:00' }, { from: '12:00', to: '18:30' }, { from: '00:00', to: '24:00' });

/** Mostly a valid value, sometimes a random one: so that about one case in ten breaks no rule at all. */
const mostly = <T,>(fine: T, random: fc.Arbitrary<T>, fineWeight = 4): fc.Arbitrary<T> => fc.oneof({ weight: fineWeight, arbitrary: fc.constant(fine) }, { weight: 1, arbitrary: random });
const allDay = { from: '00:00', to: '24:00' };

const therapistArb: fc.Arbitrary<Therapist> = fc.record({
  id: fc.constant('th-1'),
  licences: mostly([{ number: 'L-1', jurisdiction: 'J1', expiresOn: '2026-12-31' }], fc.array(licenceArb, { maxLength: 2 })),
  certifications: mostly(
    TECHS.map((technique) => ({ technique })),
    fc.array(certificationArb, { maxLength: 6 }),
  ),
  shifts: mostly(
    WEEKDAYS.map((wd) => ({ locationId: 'loc-1', weekday: wd, ...allDay })),
    fc
      .array(fc.record({ locationId: fc.constantFrom('loc-1', 'loc-1', 'loc-2'), weekday: fc.constantFrom(...WEEKDAYS), window: hoursArb }), { maxLength: 10 })
      .map((list) => list.map(({ locationId, weekday: wd, window }) => ({ locationId, weekday: wd, ...window }))),
  ),
  timeOff: fc.array(fc.tuple(fivesArb, fc.integer({ min: 1, max: 48 })).map(([a, n]) => ({ from: at5(a), to: at5(a + n) })), { maxLength: 2 }),
});

const scopeArb = <T,>(items: T[]): fc.Arbitrary<'all' | T[]> => fc.oneof(fc.constant('all' as const), fc.subarray(items, { minLength: 1, maxLength: 3 }));
const restrictionArb: fc.Arbitrary<RestrictionProjection> = fc.record(
  {
    rule: fc.constantFrom(...RULE_CODES),
    kind: fc.constantFrom('ABSOLUTE' as const, 'LOCAL' as const, 'LOCAL' as const, 'MODIFY' as const, 'MODIFY' as const, 'CLEARANCE' as const, 'CLEARANCE' as const),
    techniques: scopeArb(TECHS),
    regions: scopeArb(REGIONS),
    maxPressure: fc.constantFrom<PressureLevel | 'none'>(...PRESSURE_LEVELS, 'none'),
    satisfiedBy: fc.constantFrom(...CLEARANCE_IDS),
    // A today-only deferral ends at a UTC midnight; an interval to screen again at any instant.
    reScreenBy: fc.oneof(fc.constantFrom(...DAYS.map((d) => new Date(`${d}T00:00:00Z`))), fivesArb.map(at5)),
  },
  { requiredKeys: ['rule', 'kind', 'techniques', 'regions'] },
);
const screeningArb: fc.Arbitrary<ScreeningProjection | undefined> = fc.option(
  fc.record({
    clientId: fc.constant('client-1'),
    outcome: mostly('modified' as const, fc.constantFrom('cleared' as const, 'restricted' as const, 'clearance-required' as const, 'deferred' as const), 2),
    tableVersion: fc.constant('2026.1'),
    asOf: fc.constant(new Date('2026-03-01T00:00:00Z')),
    restrictions: mostly([], fc.array(restrictionArb, { minLength: 1, maxLength: 4 }), 1),
  }),
  { nil: undefined, freq: 12 },
);
/** Clearances mostly recorded and answering every rule, expiring around the appointment (`expiresIn`: 5-minute steps after its start). */
const clearanceArb = fc.record({
  id: fc.constantFrom(...CLEARANCE_IDS),
  rules: mostly(RULE_CODES, fc.subarray(RULE_CODES, { minLength: 1, maxLength: 3 }), 2),
  expiresIn: fc.integer({ min: -12, max: 36 }),
  status: mostly('recorded' as const, fc.constantFrom(...CLEARANCE_STATUSES), 2),
});

const caseArb = fc
  .record({
    zone: fc.constantFrom('America/Toronto', 'Europe/London', 'UTC'),
    jurisdiction: fc.constant('J1'),
    opening: mostly(
      WEEKDAYS.map((d): [Weekday, { from: string; to: string }] => [d, allDay]),
      fc.array(fc.tuple(fc.constantFrom(...WEEKDAYS), hoursArb), { maxLength: 7 }),
      3,
    ),
    closure: fc.option(dayArb, { nil: undefined, freq: 4 }),
    rooms: fc.array(mostly(EQUIPMENT, fc.subarray(EQUIPMENT), 2), { minLength: 1, maxLength: 3 }),
    required: fc.subarray(EQUIPMENT, { maxLength: 1 }),
    duration: fc.constantFrom(30, 45, 60, 90),
    buffer: fc.constantFrom(0, 10, 15),
    therapist: therapistArb,
    screening: screeningArb,
    clearances: fc.uniqueArray(clearanceArb, { maxLength: 3, selector: (c) => c.id }),
    bookings: fc.array(
      fc.record({
        id: fc.constantFrom('a1', 'a2', 'a3', 'a4'),
        therapistId: fc.constantFrom('th-1', 'th-2'),
        roomId: fc.constantFrom('room-0', 'room-1', 'room-2'),
        clientId: fc.constantFrom('client-1', 'client-2'),
        at: fivesArb,
        n: fc.integer({ min: 3, max: 24 }),
      }),
      { maxLength: 4 },
    ),
    start: fivesArb,
    techniques: fc.subarray(TECHS, { minLength: 1, maxLength: 3 }),
    focusRegions: fc.subarray(REGIONS, { minLength: 1, maxLength: 3 }),
    pressure: fc.constantFrom(...PRESSURE_LEVELS),
    roomId: fc.option(fc.constantFrom('room-0', 'room-1', 'room-2', 'room-9'), { nil: undefined, freq: 3 }),
    replaces: fc.option(fc.constantFrom('a1', 'a2'), { nil: undefined, freq: 3 }),
  })
  .map((r) => {
    const rooms: Room[] = r.rooms.map((equipment, i) => ({ id: `room-${i}`, equipment }));
    const openingHours: SchedulingLocation['openingHours'] = {};
    for (const [d, w] of r.opening) (openingHours[d] ??= []).push(w);
    const location: SchedulingLocation = {
      id: 'loc-1',
      timeZone: r.zone,
      jurisdiction: r.jurisdiction,
      openingHours,
      closures: r.closure ? [{ from: r.closure, to: r.closure }] : [],
      rooms,
    };
    const service: Service = { id: 'svc', locationId: 'loc-1', durationMinutes: r.duration, bufferMinutes: r.buffer, techniques: TECHS, requiredEquipment: r.required };
    const bookings: BookedSpan[] = r.bookings.map((b) => ({ appointmentId: b.id, therapistId: b.therapistId, roomId: b.roomId, clientId: b.clientId, start: at5(b.at), end: at5(b.at + b.n) }));
    const request: BookingRequest = {
      clientId: 'client-1',
      therapistId: 'th-1',
      serviceId: 'svc',
      start: at5(r.start),
      techniques: r.techniques,
      focusRegions: r.focusRegions,
      pressure: r.pressure,
      ...(r.roomId ? { roomId: r.roomId } : {}),
      ...(r.replaces ? { replacesAppointmentId: r.replaces } : {}),
    };
    const clearances: ClearanceProjection[] = r.clearances.map(({ expiresIn, ...c }) => ({ ...c, expiresAt: at5(r.start + expiresIn) }));
    const context: BookingContext = { location, service, therapist: r.therapist, bookings, screening: r.screening, clearances };
    return { request, context };
  });

describe('clinical safety of checkBooking (property, against an independent oracle)', () => {
  it(`refuses exactly the broken rules, naming them (${RUNS} cases)`, () => {
    const seen = new Map<string, number>();
    let accepted = 0;
    fc.assert(
      fc.property(caseArb, ({ request, context }) => {
        const decision = checkBooking(request, context);
        const verdict = oracle(request, context);
        // Plain comparisons per case (jest's expect is slow at 10,000 cases); the expect below reports a mismatch.
        const sorted = (xs: Iterable<string>) => [...xs].sort().join(',');
        const codes = new Set((context.screening?.restrictions ?? []).map((x) => x.rule));
        let got: Record<string, unknown>;
        if (decision.ok) {
          accepted++;
          const room = context.location.rooms.find((r) => r.id === decision.roomId);
          got = { rules: '', roomSuitable: !!room && context.service.requiredEquipment.every((e) => room.equipment.includes(e)) };
        } else {
          const rules = new Set(decision.refusals.map((x) => x.rule));
          for (const rule of rules) seen.set(rule, (seen.get(rule) ?? 0) + 1);
          const named = (rule: 'contraindicated' | 'clearance-required') => decision.refusals.flatMap((x) => (x.rule === rule ? [x.screeningRule] : []));
          const deferredBy = decision.refusals.flatMap((x) => (x.rule === 'deferred' ? x.screeningRules : []));
          got = {
            rules: sorted(rules),
            unlisted: [...rules].filter((r) => !(BOOKING_REFUSAL_RULES as readonly string[]).includes(r)),
            contraindicatedBy: sorted(new Set(named('contraindicated'))),
            clearanceNeededBy: sorted(new Set(named('clearance-required'))),
            codesNotInScreening: [...named('contraindicated'), ...named('clearance-required'), ...deferredBy].filter((c) => !codes.has(c)),
          };
        }
        const want = decision.ok
          ? { rules: sorted(verdict.rules), roomSuitable: true }
          : {
              rules: sorted(verdict.rules),
              unlisted: [],
              contraindicatedBy: sorted(verdict.contraindicatedBy),
              clearanceNeededBy: sorted(verdict.clearanceNeededBy),
              codesNotInScreening: [],
            };
        if (JSON.stringify(got) !== JSON.stringify(want)) expect(got).toEqual(want);
      }),
      { numRuns: RUNS },
    );
    // The generator must exercise every rule and accept some bookings, or the property proves little.
    for (const rule of BOOKING_REFUSAL_RULES) expect({ rule, enough: (seen.get(rule) ?? 0) > RUNS / 200 }).toEqual({ rule, enough: true });
    expect(accepted).toBeGreaterThan(RUNS / 200);
    console.log(`clinical safety property: ${RUNS} cases, ${accepted} accepted; refusals by rule: ${JSON.stringify(Object.fromEntries(seen))}`);
  });
});
