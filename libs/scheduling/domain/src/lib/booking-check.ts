import { BODY_REGIONS, PRESSURE_LEVELS, TECHNIQUES, type BodyRegion, type PressureLevel, type Technique } from '@massage/contracts';
import type { BookedSpan, Room, SchedulingLocation, Service, Therapist } from './calendar.types';
import { isClosed, openingIntervals, shiftIntervals } from './calendar-windows';
import { certificationRefusals, licenceRefusal, screeningRefusals } from './clinical-safety';
import { screeningFor, type ClearanceProjection, type ScreeningProjection, type TreatmentPlan } from './eligibility.types';
import { compareIds, covers, overlaps, type Interval } from './intervals';
import { addDays, toLocal, type LocalDate } from './local-time';
import type { Refusal, RuleViolation } from './refusal';

const MINUTE_MS = 60_000;

export interface BookingRequest {
  clientId: string;
  therapistId: string;
  serviceId: string;
  start: Date;
  /** A room of the location; absent → the first suitable free room (by id). */
  roomId?: string;
  techniques: Technique[];
  focusRegions: BodyRegion[];
  pressure: PressureLevel;
  /** When rescheduling: the appointment being moved, whose own span does not count as taken. */
  replacesAppointmentId?: string;
}

/** What the check reads; the caller loads it (the bookings of this therapist, this client and the location's rooms around the span). */
export interface BookingContext {
  location: SchedulingLocation;
  service: Service;
  therapist: Therapist;
  bookings: readonly BookedSpan[];
  /** The client's latest screening (see `latestScreening`), undefined if none yet. */
  screening: ScreeningProjection | undefined;
  clearances: readonly ClearanceProjection[];
}

export interface AppointmentSpan {
  start: Date;
  /** End of the service itself. */
  end: Date;
  /** End plus buffer: the span the therapist, room and client are blocked for. */
  blockedUntil: Date;
  /** The appointment's local date (licences and certifications are judged on it). */
  localDate: LocalDate;
}

export type BookingDecision = { ok: true; roomId: string; span: AppointmentSpan } | { ok: false; refusals: Refusal[] };

export function appointmentSpan(start: Date, service: Service, timeZone: string): AppointmentSpan {
  const end = new Date(start.getTime() + service.durationMinutes * MINUTE_MS);
  return { start, end, blockedUntil: new Date(end.getTime() + service.bufferMinutes * MINUTE_MS), localDate: toLocal(start, timeZone).date };
}

/** Input rules (bad input → problem+json naming the field, nothing checked further). */
export function validateBookingRequest(request: BookingRequest, context: Pick<BookingContext, 'location' | 'service'>): RuleViolation[] {
  const v: RuleViolation[] = [];
  const { location, service } = context;
  if (service.id !== request.serviceId) v.push({ field: 'serviceId', reason: 'unknown service' });
  else if (service.locationId !== location.id) v.push({ field: 'serviceId', reason: 'service not offered at this location' });
  if (!(request.start instanceof Date) || Number.isNaN(request.start.getTime())) v.push({ field: 'start', reason: 'not an instant' });
  if (request.roomId !== undefined && !location.rooms.some((r) => r.id === request.roomId)) v.push({ field: 'roomId', reason: 'not a room of this location' });
  if (request.techniques.length === 0) v.push({ field: 'techniques', reason: 'at least one technique' });
  request.techniques.forEach((t, i) => {
    if (!(TECHNIQUES as readonly string[]).includes(t)) v.push({ field: `techniques.${i}`, reason: 'unknown technique' });
    else if (!service.techniques.includes(t)) v.push({ field: `techniques.${i}`, reason: 'not a technique of this service' });
    else if (request.techniques.indexOf(t) !== i) v.push({ field: `techniques.${i}`, reason: 'duplicate' });
  });
  if (request.focusRegions.length === 0) v.push({ field: 'focusRegions', reason: 'at least one region' });
  request.focusRegions.forEach((r, i) => {
    if (!(BODY_REGIONS as readonly string[]).includes(r)) v.push({ field: `focusRegions.${i}`, reason: 'unknown body region' });
    else if (request.focusRegions.indexOf(r) !== i) v.push({ field: `focusRegions.${i}`, reason: 'duplicate' });
  });
  if (!(PRESSURE_LEVELS as readonly string[]).includes(request.pressure)) v.push({ field: 'pressure', reason: 'one of P1–P5' });
  return v;
}

/** The equipment a room lacks for a service. */
export function missingEquipment(room: Room, service: Service): string[] {
  return service.requiredEquipment.filter((e) => !room.equipment.includes(e));
}

/** Where the appointment `[start, end)` (buffer excluded) falls outside the location's hours, the therapist's shift, or meets time off. */
export function hoursRefusals(span: AppointmentSpan, location: SchedulingLocation, therapist: Therapist): Refusal[] {
  const appointment: Interval = { start: span.start.getTime(), end: span.end.getTime() };
  const from = addDays(span.localDate, -1);
  const to = addDays(span.localDate, 1);
  const refusals: Refusal[] = [];
  if (isClosed(location.closures, span.localDate)) refusals.push({ rule: 'outside-hours', reason: 'location-closed' });
  else if (!covers(openingIntervals(location, from, to), appointment)) refusals.push({ rule: 'outside-hours', reason: 'outside-opening-hours' });
  if (!covers(shiftIntervals(therapist, location, from, to), appointment)) refusals.push({ rule: 'outside-hours', reason: 'outside-shift' });
  if (therapist.timeOff.some((t) => overlaps({ start: t.from.getTime(), end: t.to.getTime() }, appointment)))
    refusals.push({ rule: 'outside-hours', reason: 'time-off' });
  return refusals;
}

function firstConflict(bookings: readonly BookedSpan[], blocked: Interval, match: (b: BookedSpan) => boolean): BookedSpan | undefined {
  return bookings
    .filter((b) => match(b) && overlaps({ start: b.start.getTime(), end: b.end.getTime() }, blocked))
    .sort((a, b) => a.start.getTime() - b.start.getTime() || compareIds(a.appointmentId, b.appointmentId))[0];
}

/**
 * Whether a booking is allowed, with every reason it is not. Checks, for a request that passed
 * `validateBookingRequest`: the therapist's licence and certifications on the appointment's local date,
 * the client's latest screening as it stands at the start (`screeningFor`: a today-only deferral ends with
 * the location's day; `screeningRefusals`), the location's hours and the therapist's shift and
 * time off (`hoursRefusals`), the room's equipment, and that therapist, room and client are free for the
 * whole blocked span `[start, end + buffer)`. Pure: the database's exclusion constraints still decide
 * races; this check gives the reasons.
 */
export function checkBooking(request: BookingRequest, context: BookingContext): BookingDecision {
  const { location, service, therapist } = context;
  const span = appointmentSpan(request.start, service, location.timeZone);
  const plan: TreatmentPlan = { techniques: request.techniques, focusRegions: request.focusRegions, pressure: request.pressure };
  const refusals: Refusal[] = [];

  const licence = licenceRefusal(therapist, location.jurisdiction, span.localDate);
  if (licence) refusals.push(licence);
  refusals.push(...certificationRefusals(therapist, plan.techniques, span.localDate));
  refusals.push(...screeningRefusals(screeningFor(context.screening, span.start, location.timeZone), context.clearances, plan, span.end));
  refusals.push(...hoursRefusals(span, location, therapist));

  const blocked: Interval = { start: span.start.getTime(), end: span.blockedUntil.getTime() };
  const others = context.bookings.filter((b) => b.appointmentId !== request.replacesAppointmentId);
  const therapistTaken = firstConflict(others, blocked, (b) => b.therapistId === therapist.id);
  if (therapistTaken) refusals.push({ rule: 'slot-taken', resource: 'therapist', appointmentId: therapistTaken.appointmentId });
  const clientTaken = firstConflict(others, blocked, (b) => b.clientId === request.clientId);
  if (clientTaken) refusals.push({ rule: 'slot-taken', resource: 'client', appointmentId: clientTaken.appointmentId });

  const roomFree = (room: Room) => !firstConflict(others, blocked, (b) => b.roomId === room.id);
  let roomId: string | undefined;
  if (request.roomId !== undefined) {
    const room = location.rooms.find((r) => r.id === request.roomId);
    const missing = room ? missingEquipment(room, service) : service.requiredEquipment;
    if (!room || missing.length > 0) refusals.push({ rule: 'room-unsuitable', roomId: request.roomId, missingEquipment: missing });
    else {
      const taken = firstConflict(others, blocked, (b) => b.roomId === room.id);
      if (taken) refusals.push({ rule: 'slot-taken', resource: 'room', appointmentId: taken.appointmentId });
      else roomId = room.id;
    }
  } else {
    const suitable = [...location.rooms].sort((a, b) => compareIds(a.id, b.id)).filter((r) => missingEquipment(r, service).length === 0);
    if (suitable.length === 0) refusals.push({ rule: 'room-unsuitable', missingEquipment: [...service.requiredEquipment] });
    else {
      roomId = suitable.find(roomFree)?.id;
      if (!roomId) refusals.push({ rule: 'slot-taken', resource: 'room' });
    }
  }

  if (refusals.length > 0 || roomId === undefined) return { ok: false, refusals };
  return { ok: true, roomId, span };
}
