import { searchAvailability, type AvailabilityCalendar, type AvailabilityQuery, type Slot } from './availability';
import { checkBooking } from './booking-check';
import { WEEKDAYS } from './local-time';
import type { Therapist, WeeklyHours } from './calendar.types';
import { booking, everyDay, location, restriction, screening, service, therapist } from '../test/fixtures';

function calendar(overrides: Partial<AvailabilityCalendar> = {}): AvailabilityCalendar {
  return { location: location(), service: service({ bufferMinutes: 0 }), therapists: [therapist()], bookings: [], ...overrides };
}

/** A therapist on shift whenever the location may be open (so only opening hours shape the slots). */
function alwaysOnShift(id = 'th-1', locationId = 'loc-1'): Therapist {
  return therapist({ id, shifts: WEEKDAYS.map((weekday) => ({ locationId, weekday, from: '00:00', to: '24:00' })) });
}

const starts = (slots: Slot[]) => slots.map((s) => s.localStart);
const byDate = (slots: Slot[]) => {
  const out: Record<string, string[]> = {};
  for (const s of slots) (out[s.localDate] ??= []).push(s.localStart);
  return out;
};

describe('searchAvailability', () => {
  it('offers hourly slots in opening hours, ordered by start then therapist, with the first suitable room', () => {
    const slots = searchAvailability(
      { from: '2026-03-10', to: '2026-03-10', stepMinutes: 60 },
      calendar({ therapists: [therapist({ id: 'th-2' }), therapist({ id: 'th-1' })] }),
    );
    expect(slots).toHaveLength(16);
    expect(slots.slice(0, 2)).toEqual([
      expect.objectContaining({ localStart: '09:00', localEnd: '10:00', therapistId: 'th-1', roomId: 'room-a', startIso: '2026-03-10T09:00:00-04:00' }),
      expect.objectContaining({ localStart: '09:00', therapistId: 'th-2', roomId: 'room-a' }),
    ]);
    expect(slots[slots.length - 1]).toEqual(expect.objectContaining({ localStart: '16:00', therapistId: 'th-2' }));
  });

  it('honours bookings with buffers, time off, the therapist filter, closures and the room’s equipment', () => {
    const svc = service({ bufferMinutes: 15 });
    const q: AvailabilityQuery = { from: '2026-03-10', to: '2026-03-11', stepMinutes: 15, therapistId: 'th-1' };
    const busy = booking({ therapistId: 'th-1', start: new Date('2026-03-10T14:00:00Z'), end: new Date('2026-03-10T15:15:00Z') });
    const away = therapist({ timeOff: [{ from: new Date('2026-03-10T18:00:00Z'), to: new Date('2026-03-11T04:00:00Z') }] });
    const slots = searchAvailability(q, calendar({ service: svc, therapists: [away, therapist({ id: 'th-2' })], bookings: [busy], location: location({ closures: [{ from: '2026-03-11', to: '2026-03-11' }] }) }));
    // 09:00–17:00 minus 10:00–11:15 booked (09:00 + 60 + 15 would run into it) minus 14:00 onwards off; the 11th is closed.
    expect(byDate(slots)).toEqual({ '2026-03-10': ['11:15', '11:30', '11:45', '12:00', '12:15', '12:30', '12:45', '13:00'] });
    expect(slots.every((s) => s.therapistId === 'th-1' && s.blockedUntil.getTime() - s.end.getTime() === 15 * 60_000)).toBe(true);

    const noRoom = searchAvailability(q, calendar({ service: service({ requiredEquipment: ['hydrotherapy-tub'] }) }));
    expect(noRoom).toEqual([]);
    const prenatal = searchAvailability({ ...q, to: '2026-03-10' }, calendar({ service: service({ requiredEquipment: ['prenatal-table'] }) }));
    expect(new Set(prenatal.map((s) => s.roomId))).toEqual(new Set(['room-b']));
  });

  it('moves to the next free room, and offers nothing when every suitable room is taken', () => {
    const inRoom = (roomId: string) => booking({ roomId, start: new Date('2026-03-10T13:00:00Z'), end: new Date('2026-03-10T15:00:00Z') });
    const q = { from: '2026-03-10', to: '2026-03-10', stepMinutes: 60 };
    expect(searchAvailability(q, calendar({ bookings: [inRoom('room-a')] })).slice(0, 3).map((s) => `${s.localStart} ${s.roomId}`)).toEqual([
      '09:00 room-b',
      '10:00 room-b',
      '11:00 room-a',
    ]);
    expect(starts(searchAvailability(q, calendar({ bookings: [inRoom('room-a'), inRoom('room-b')] }))).slice(0, 2)).toEqual(['11:00', '12:00']);
  });

  it('filters by the client: their own bookings, pending or deferred screening, and the plan', () => {
    const q = { from: '2026-03-10', to: '2026-03-10', stepMinutes: 60 };
    const own = booking({ clientId: 'client-1', start: new Date('2026-03-10T13:00:00Z'), end: new Date('2026-03-10T19:00:00Z') });
    const client = { clientId: 'client-1', screening: screening(), clearances: [] };
    expect(starts(searchAvailability({ ...q, client }, calendar({ bookings: [own] })))).toEqual(['15:00', '16:00']);
    expect(searchAvailability({ ...q, client: { ...client, screening: undefined } }, calendar())).toEqual([]);
    const deferred = screening([restriction({ rule: 'FEVER', kind: 'ABSOLUTE' })], { outcome: 'deferred' });
    expect(searchAvailability({ ...q, client: { ...client, screening: deferred } }, calendar())).toEqual([]);
    const anticoag = screening([restriction({ rule: 'ANTICOAG', kind: 'MODIFY', techniques: ['deep-tissue'], maxPressure: 'P2' })], { outcome: 'modified' });
    const deep = { techniques: ['deep-tissue' as const], focusRegions: ['upper-back' as const], pressure: 'P4' as const };
    expect(searchAvailability({ ...q, plan: deep, client: { ...client, screening: anticoag } }, calendar())).toEqual([]);
    expect(searchAvailability({ ...q, plan: { ...deep, techniques: ['swedish'], pressure: 'P2' }, client: { ...client, screening: anticoag } }, calendar())).toHaveLength(8);
  });

  it('stops offering a therapist the day after their licence or the planned technique’s certification expires', () => {
    const q = { from: '2026-03-10', to: '2026-03-12', stepMinutes: 240 };
    const lapsing = therapist({ licences: [{ number: 'L', jurisdiction: 'CA-ON', expiresOn: '2026-03-11' }] });
    expect(Object.keys(byDate(searchAvailability(q, calendar({ therapists: [lapsing] }))))).toEqual(['2026-03-10', '2026-03-11']);
    const certLapsing = therapist({ certifications: [{ technique: 'swedish' }, { technique: 'deep-tissue', expiresOn: '2026-03-10' }] });
    const deep = { techniques: ['deep-tissue' as const], focusRegions: ['upper-back' as const], pressure: 'P4' as const };
    expect(Object.keys(byDate(searchAvailability({ ...q, plan: deep }, calendar({ therapists: [certLapsing] }))))).toEqual(['2026-03-10']);
    // Without a plan one valid certification among the service's techniques is enough.
    expect(Object.keys(byDate(searchAvailability(q, calendar({ therapists: [certLapsing] }))))).toHaveLength(3);
    expect(searchAvailability(q, calendar({ therapists: [therapist({ certifications: [{ technique: 'sports' }] })] }))).toEqual([]);
  });

  it('every slot it offers a client with a plan passes checkBooking', () => {
    const svc = service({ bufferMinutes: 10 });
    const cal = calendar({
      service: svc,
      therapists: [therapist(), therapist({ id: 'th-2', shifts: [{ locationId: 'loc-1', weekday: 'tuesday', from: '12:00', to: '16:00' }] })],
      bookings: [booking({ therapistId: 'th-1', roomId: 'room-a', start: new Date('2026-03-10T15:00:00Z'), end: new Date('2026-03-10T16:10:00Z') })],
    });
    const scr = screening([restriction({ rule: 'VARIC', kind: 'LOCAL', regions: ['left-calf'] })], { outcome: 'restricted' });
    const plan = { techniques: ['swedish' as const], focusRegions: ['upper-back' as const], pressure: 'P3' as const };
    const slots = searchAvailability({ from: '2026-03-10', to: '2026-03-10', plan, client: { clientId: 'client-1', screening: scr, clearances: [] } }, cal);
    expect(slots.length).toBeGreaterThan(20);
    for (const s of slots) {
      const t = cal.therapists.find((x) => x.id === s.therapistId) as Therapist;
      const decision = checkBooking(
        { clientId: 'client-1', therapistId: s.therapistId, serviceId: svc.id, start: s.start, roomId: s.roomId, ...plan },
        { location: cal.location, service: svc, therapist: t, bookings: cal.bookings, screening: scr, clearances: [] },
      );
      expect(decision).toEqual(expect.objectContaining({ ok: true }));
    }
  });
});

describe('availability across DST', () => {
  const hourly = { stepMinutes: 60 };
  const nineToFive: WeeklyHours = everyDay({ from: '09:00', to: '17:00' });

  describe.each([
    { zone: 'America/Toronto', spring: '2025-03-09', fall: '2025-11-02' },
    { zone: 'Europe/London', spring: '2025-03-30', fall: '2025-10-26' },
  ])('$zone', ({ zone, spring, fall }) => {
    const loc = location({ timeZone: zone, openingHours: nineToFive });
    const cal = calendar({ location: loc, therapists: [alwaysOnShift()] });

    it.each([
      ['spring-forward', spring],
      ['fall-back', fall],
    ])('the %s week: 09:00 stays 09:00 local every day, opening hours keep their local times', (_name, day) => {
      const from = addDaysUtc(day, -3);
      const to = addDaysUtc(day, 3);
      const slots = searchAvailability({ from, to, ...hourly }, cal);
      const perDay = byDate(slots);
      expect(Object.keys(perDay)).toHaveLength(7);
      for (const times of Object.values(perDay)) expect(times).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
      for (const s of slots) {
        expect(s.end.getTime() - s.start.getTime()).toBe(3_600_000);
        expect(s.localEnd).toBe(`${String(Number(s.localStart.slice(0, 2)) + 1).padStart(2, '0')}:00`);
        expect(s.startIso.slice(0, 16)).toBe(`${s.localDate}T${s.localStart}`);
      }
      // The UTC instant of 09:00 moves by the DST shift from the day before the change to the day of it.
      const nine = (d: string) => slots.find((s) => s.localDate === d && s.localStart === '09:00')?.start.getTime() ?? NaN;
      const shift = nine(day) - nine(addDaysUtc(day, -1)) - 86_400_000;
      expect(shift).toBe(day === spring ? -3_600_000 : 3_600_000);
    });
  });

  it('Toronto spring forward: a night window skips the starts the clocks jump over, and durations stay real', () => {
    const loc = location({ openingHours: { sunday: [{ from: '00:00', to: '05:00' }] } });
    const half = searchAvailability({ from: '2025-03-09', to: '2025-03-09', stepMinutes: 30 }, calendar({ location: loc, therapists: [alwaysOnShift()], service: service({ durationMinutes: 30, bufferMinutes: 0 }) }));
    expect(starts(half)).toEqual(['00:00', '00:30', '01:00', '01:30', '03:00', '03:30', '04:00', '04:30']);
    expect(half.find((s) => s.localStart === '01:30')).toEqual(expect.objectContaining({ localEnd: '03:00', startIso: '2025-03-09T01:30:00-05:00' }));
    const hour = searchAvailability({ from: '2025-03-09', to: '2025-03-09', stepMinutes: 30 }, calendar({ location: loc, therapists: [alwaysOnShift()] }));
    // 00:00–05:00 local is four real hours: the last 60-minute start is 04:00; 01:30 EST ends 03:30 EDT.
    expect(starts(hour)).toEqual(['00:00', '00:30', '01:00', '01:30', '03:00', '03:30', '04:00']);
    expect(hour.find((s) => s.localStart === '01:30')?.localEnd).toBe('03:30');
  });

  it('Toronto spring forward: an opening time inside the gap opens at the jump (03:00 EDT)', () => {
    const loc = location({ openingHours: { sunday: [{ from: '02:30', to: '05:00' }] } });
    const slots = searchAvailability({ from: '2025-03-09', to: '2025-03-09', stepMinutes: 30 }, calendar({ location: loc, therapists: [alwaysOnShift()] }));
    expect(slots[0]).toEqual(expect.objectContaining({ localStart: '03:00', start: new Date('2025-03-09T07:00:00Z') }));
  });

  it('Toronto fall back: a repeated start is offered once, at its first (EDT) occurrence', () => {
    const loc = location({ openingHours: { sunday: [{ from: '00:00', to: '04:00' }] } });
    const slots = searchAvailability(
      { from: '2025-11-02', to: '2025-11-02', stepMinutes: 30 },
      calendar({ location: loc, therapists: [alwaysOnShift()], service: service({ durationMinutes: 30, bufferMinutes: 0 }) }),
    );
    expect(starts(slots)).toEqual(['00:00', '00:30', '01:00', '01:30', '02:00', '02:30', '03:00', '03:30']);
    expect(slots.find((s) => s.localStart === '01:30')).toEqual(expect.objectContaining({ startIso: '2025-11-02T01:30:00-04:00', localEnd: '01:00' }));
    expect(slots.find((s) => s.localStart === '02:00')?.start).toEqual(new Date('2025-11-02T07:00:00Z'));
  });

  it('Toronto fall back: a closing time that exists twice closes at its first occurrence', () => {
    const loc = location({ openingHours: { sunday: [{ from: '00:00', to: '01:30' }] } });
    const slots = searchAvailability(
      { from: '2025-11-02', to: '2025-11-02', stepMinutes: 30 },
      calendar({ location: loc, therapists: [alwaysOnShift()], service: service({ durationMinutes: 30, bufferMinutes: 0 }) }),
    );
    expect(starts(slots)).toEqual(['00:00', '00:30', '01:00']);
    expect(slots[2].end).toEqual(new Date('2025-11-02T05:30:00Z'));
  });

  it('London: 01:00–02:00 is skipped in spring and 01:00–01:59 offered once in autumn', () => {
    const loc = location({ timeZone: 'Europe/London', openingHours: { sunday: [{ from: '00:00', to: '03:00' }] } });
    const cal = calendar({ location: loc, therapists: [alwaysOnShift()], service: service({ durationMinutes: 30, bufferMinutes: 0 }) });
    expect(starts(searchAvailability({ from: '2025-03-30', to: '2025-03-30', stepMinutes: 30 }, cal))).toEqual(['00:00', '00:30', '02:00', '02:30']);
    const autumn = searchAvailability({ from: '2025-10-26', to: '2025-10-26', stepMinutes: 30 }, cal);
    expect(starts(autumn)).toEqual(['00:00', '00:30', '01:00', '01:30', '02:00', '02:30']);
    expect(autumn.map((s) => s.startIso.slice(19))).toEqual(['+01:00', '+01:00', '+01:00', '+01:00', '+00:00', '+00:00']);
  });

  it('shifts keep their local times across the change too', () => {
    const loc = location({ openingHours: everyDay({ from: '07:00', to: '21:00' }) });
    const early = therapist({ shifts: [{ locationId: 'loc-1', weekday: 'saturday', from: '08:00', to: '10:00' }, { locationId: 'loc-1', weekday: 'sunday', from: '08:00', to: '10:00' }] });
    const slots = searchAvailability({ from: '2025-03-08', to: '2025-03-09', stepMinutes: 60 }, calendar({ location: loc, therapists: [early] }));
    expect(slots.map((s) => s.startIso)).toEqual(['2025-03-08T08:00:00-05:00', '2025-03-08T09:00:00-05:00', '2025-03-09T08:00:00-04:00', '2025-03-09T09:00:00-04:00']);
  });
});

function addDaysUtc(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
