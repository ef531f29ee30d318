import { WEEKDAYS } from '../lib/local-time';
import type { BookedSpan, SchedulingLocation, Service, Therapist, WeeklyHours, LocalWindow } from '../lib/calendar.types';
import type { BookingContext, BookingRequest } from '../lib/booking-check';
import type { RestrictionProjection, ScreeningProjection } from '../lib/eligibility.types';

/** Test data builders: a small Toronto location open 09:00–17:00 every day, one therapist on shift then. */
export function everyDay(...windows: LocalWindow[]): WeeklyHours {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, windows])) as WeeklyHours;
}

export function location(overrides: Partial<SchedulingLocation> = {}): SchedulingLocation {
  return {
    id: 'loc-1',
    timeZone: 'America/Toronto',
    jurisdiction: 'CA-ON',
    openingHours: everyDay({ from: '09:00', to: '17:00' }),
    closures: [],
    rooms: [
      { id: 'room-a', equipment: ['standard-table'] },
      { id: 'room-b', equipment: ['standard-table', 'prenatal-table'] },
    ],
    ...overrides,
  };
}

export function service(overrides: Partial<Service> = {}): Service {
  return {
    id: 'svc-60',
    locationId: 'loc-1',
    durationMinutes: 60,
    bufferMinutes: 15,
    techniques: ['swedish', 'deep-tissue', 'trigger-point', 'lymphatic-drainage', 'prenatal'],
    requiredEquipment: ['standard-table'],
    ...overrides,
  };
}

export function therapist(overrides: Partial<Therapist> = {}): Therapist {
  return {
    id: 'th-1',
    licences: [{ number: 'CMTO-1', jurisdiction: 'CA-ON', expiresOn: '2026-12-31' }],
    certifications: [
      { technique: 'swedish' },
      { technique: 'deep-tissue', expiresOn: '2026-12-31' },
      { technique: 'trigger-point', expiresOn: '2026-12-31' },
      { technique: 'lymphatic-drainage' },
      { technique: 'prenatal' },
    ],
    shifts: WEEKDAYS.map((weekday) => ({ locationId: 'loc-1', weekday, from: '09:00', to: '17:00' })),
    timeOff: [],
    ...overrides,
  };
}

export function restriction(overrides: Partial<RestrictionProjection> & Pick<RestrictionProjection, 'rule' | 'kind'>): RestrictionProjection {
  return { techniques: 'all', regions: 'all', ...overrides };
}

export function screening(restrictions: RestrictionProjection[] = [], overrides: Partial<ScreeningProjection> = {}): ScreeningProjection {
  return { clientId: 'client-1', outcome: 'cleared', tableVersion: '2026.1', asOf: new Date('2026-03-01T12:00:00Z'), restrictions, ...overrides };
}

export function booking(overrides: Partial<BookedSpan> & Pick<BookedSpan, 'start' | 'end'>): BookedSpan {
  return { appointmentId: 'appt-x', therapistId: 'th-other', roomId: 'room-other', clientId: 'client-other', ...overrides };
}

/** A request for 2026-03-10 10:00 Toronto (14:00Z): Swedish on the upper back at P3. */
export function request(overrides: Partial<BookingRequest> = {}): BookingRequest {
  return {
    clientId: 'client-1',
    therapistId: 'th-1',
    serviceId: 'svc-60',
    start: new Date('2026-03-10T14:00:00Z'),
    techniques: ['swedish'],
    focusRegions: ['upper-back'],
    pressure: 'P3',
    ...overrides,
  };
}

export function context(overrides: Partial<BookingContext> = {}): BookingContext {
  return { location: location(), service: service(), therapist: therapist(), bookings: [], screening: screening(), clearances: [], ...overrides };
}
