import type { BookedSpan, SchedulingLocation, Service, Therapist } from './calendar.types';
import { workableIntervals } from './calendar-windows';
import { certificationRefusals, licenceRefusal, screeningRefusals } from './clinical-safety';
import { missingEquipment } from './booking-check';
import { screeningFor, type ClearanceProjection, type ScreeningProjection, type TreatmentPlan } from './eligibility.types';
import { compareIds, covers, normalize, overlapsAny, type Interval } from './intervals';
import { addDays, datesBetween, formatMinuteOfDay, SLOT_START_POLICY, toInstant, toLocal, type LocalDate, type LocalTime } from './local-time';

const MINUTE_MS = 60_000;
export const DEFAULT_SLOT_STEP_MINUTES = 15;
/** The last instant a Date holds: every time-limited deferral has ended by then. */
const END_OF_TIME = new Date(8.64e15);

export interface AvailabilityQuery {
  /** Local dates of the location, both included. */
  from: LocalDate;
  to: LocalDate;
  therapistId?: string;
  /** Slots start on multiples of this many minutes after local midnight (a divisor of 1440 is sensible). Default 15. */
  stepMinutes?: number;
  /**
   * What the client wants. With a plan, therapists must be certified for its techniques and the client's
   * screening must allow it; without one, a therapist needs a valid certification for at least one of the
   * service's techniques.
   */
  plan?: TreatmentPlan;
  /** The client: their bookings must not overlap, and their eligibility filters (pending or deferred → no slots). */
  client?: { clientId: string; screening: ScreeningProjection | undefined; clearances: readonly ClearanceProjection[] };
}

export interface AvailabilityCalendar {
  location: SchedulingLocation;
  service: Service;
  therapists: readonly Therapist[];
  /** Bookings of these therapists, of the location's rooms and of the client, around the dates searched. */
  bookings: readonly BookedSpan[];
}

export interface Slot {
  start: Date;
  end: Date;
  /** End plus buffer. */
  blockedUntil: Date;
  localDate: LocalDate;
  localStart: LocalTime;
  localEnd: LocalTime;
  /** ISO 8601 with the offset in force, for the API. */
  startIso: string;
  therapistId: string;
  roomId: string;
}

/**
 * The candidate starts of a local date: every `step` minutes from local midnight, read with
 * `SLOT_START_POLICY` (a start the clocks skip is not offered, one they repeat is offered at its first occurrence).
 */
export function slotStarts(date: LocalDate, timeZone: string, stepMinutes: number): { time: LocalTime; instant: Date }[] {
  const out: { time: LocalTime; instant: Date }[] = [];
  for (let m = 0; m < 1440; m += stepMinutes) {
    const time = formatMinuteOfDay(m);
    const instant = toInstant(date, time, timeZone, SLOT_START_POLICY);
    if (instant) out.push({ time, instant });
  }
  return out;
}

function spansBy(bookings: readonly BookedSpan[], key: (b: BookedSpan) => string): Map<string, Interval[]> {
  const raw = new Map<string, Interval[]>();
  for (const b of bookings) {
    const list = raw.get(key(b)) ?? [];
    list.push({ start: b.start.getTime(), end: b.end.getTime() });
    raw.set(key(b), list);
  }
  return new Map([...raw].map(([k, v]) => [k, normalize(v)]));
}

/** Whether a therapist may work the plan (or the service, without a plan) on a local date. */
function qualifiedOn(therapist: Therapist, location: SchedulingLocation, service: Service, plan: TreatmentPlan | undefined, date: LocalDate): boolean {
  if (licenceRefusal(therapist, location.jurisdiction, date)) return false;
  if (plan) return certificationRefusals(therapist, plan.techniques, date).length === 0;
  return service.techniques.some((t) => certificationRefusals(therapist, [t], date).length === 0);
}

/**
 * Free slots for a service at a location: pure and deterministic (ordered by start, then therapist id).
 * A slot is offered for a therapist when the appointment `[start, start + duration)` fits inside the
 * location's opening hours and the therapist's shift without meeting time off; the therapist, a room with
 * the service's equipment (the first free one by id) and the client are free for `[start, end + buffer)`;
 * the therapist's licence and certifications are valid on the local date; and, with a client, their
 * screening as it stands at the slot's start (`screeningFor`) does not defer them and allows the plan
 * (`screeningRefusals`). For a query with a client and a plan, every slot offered
 * passes `checkBooking` with its therapist, room and start (a property test holds it to that). The room is the
 * first free one for that start: slots of two therapists at one start may name the same room, so booking one
 * of them without a room lets `checkBooking` pick the next free one.
 */
export function searchAvailability(query: AvailabilityQuery, calendar: AvailabilityCalendar): Slot[] {
  const { location, service } = calendar;
  const step = query.stepMinutes ?? DEFAULT_SLOT_STEP_MINUTES;
  if (!Number.isInteger(step) || step <= 0) throw new RangeError('stepMinutes must be a positive integer');
  const client = query.client;
  // Refused whenever the slot (pending, deferred for good): no slot at all. A deferral that ends is judged per slot.
  if (client && screeningRefusals(screeningFor(client.screening, END_OF_TIME, location.timeZone), client.clearances, undefined, END_OF_TIME).length > 0) return [];

  const rooms = location.rooms.filter((r) => missingEquipment(r, service).length === 0).sort((a, b) => compareIds(a.id, b.id));
  const therapists = calendar.therapists.filter((t) => query.therapistId === undefined || t.id === query.therapistId).sort((a, b) => compareIds(a.id, b.id));
  if (rooms.length === 0 || therapists.length === 0) return [];

  const byTherapist = spansBy(calendar.bookings, (b) => b.therapistId);
  const byRoom = spansBy(calendar.bookings, (b) => b.roomId);
  const clientSpans = query.client ? (spansBy(calendar.bookings, (b) => b.clientId).get(query.client.clientId) ?? []) : [];
  // The day after `to` too: an appointment may run past midnight into the next day's hours.
  const workable = new Map(therapists.map((t) => [t.id, workableIntervals(t, location, query.from, addDays(query.to, 1))]));

  const duration = service.durationMinutes * MINUTE_MS;
  const blockedFor = duration + service.bufferMinutes * MINUTE_MS;
  const slots: Slot[] = [];
  for (const date of datesBetween(query.from, query.to)) {
    const working = therapists.filter((t) => qualifiedOn(t, location, service, query.plan, date));
    if (working.length === 0) continue;
    for (const { time, instant } of slotStarts(date, location.timeZone, step)) {
      const start = instant.getTime();
      const appointment: Interval = { start, end: start + duration };
      const blocked: Interval = { start, end: start + blockedFor };
      if (overlapsAny(clientSpans, blocked)) continue;
      if (client && screeningRefusals(screeningFor(client.screening, instant, location.timeZone), client.clearances, query.plan, new Date(appointment.end)).length > 0) continue;
      const room = rooms.find((r) => !overlapsAny(byRoom.get(r.id) ?? [], blocked));
      if (!room) continue;
      for (const t of working) {
        if (!covers(workable.get(t.id) ?? [], appointment)) continue;
        if (overlapsAny(byTherapist.get(t.id) ?? [], blocked)) continue;
        const end = new Date(appointment.end);
        slots.push({
          start: instant,
          end,
          blockedUntil: new Date(blocked.end),
          localDate: date,
          localStart: time,
          localEnd: toLocal(end, location.timeZone).time,
          startIso: toLocal(instant, location.timeZone).iso,
          therapistId: t.id,
          roomId: room.id,
        });
      }
    }
  }
  return slots;
}
