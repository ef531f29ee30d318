import { ValidationProblem } from '@massage/platform';
import type { BookAppointmentRequest } from '@massage/scheduling-api';
import { appointmentSpan, validateBookingRequest, type BookingContext, type BookingRequest } from '@massage/scheduling-domain';
import type { EntityManager } from 'typeorm';
import { CalendarReader, type StoredLocation } from '../calendar/calendar.reader';
import { readBookingSnapshot } from '../calendar/booking-snapshot.reader';
import type { HoldCandidate } from '../waitlist/slot-holds';
import { notFound } from '../http/request-context';

/** An appointment cannot start before now (400 naming `startsAt`): nobody books the past. */
export function throwIfPast(start: Date, now: Date): void {
  if (start.getTime() < now.getTime()) throw new ValidationProblem([{ name: 'startsAt', reason: 'must not be in the past' }]);
}

/** The domain's request from the wire's. */
export function toBookingRequest(b: Pick<BookAppointmentRequest, 'clientId' | 'therapistId' | 'serviceId' | 'roomId' | 'techniques' | 'focusRegions' | 'pressure'>, startsAt: string): BookingRequest {
  return {
    clientId: b.clientId.toLowerCase(),
    therapistId: b.therapistId.toLowerCase(),
    serviceId: b.serviceId.toLowerCase(),
    start: new Date(startsAt),
    ...(b.roomId !== undefined ? { roomId: b.roomId.toLowerCase() } : {}),
    techniques: b.techniques,
    focusRegions: b.focusRegions,
    pressure: b.pressure,
  };
}

/** The request's own field names, where the domain's differ (`start` is `startsAt` on the wire). */
const API_FIELD: Record<string, string> = { start: 'startsAt' };

/** A booking's own waitlist hold: read with the snapshot as of `now`, handed to `take` before the bookings are read (so a hold it gives up does not count). */
export interface OwnHoldStep {
  now: Date;
  take: (candidate: HoldCandidate | undefined) => Promise<void>;
}

/**
 * Everything `checkBooking` reads, loaded in the booking's transaction: the location's calendar, the service,
 * the therapist (who must work here), the bookings that could collide with the span, and the client's
 * eligibility, in two round trips (the bookings' span needs the service). A service or therapist the location does
 * not have is a bad field (400), not a refusal.
 */
export async function loadBookingContext(
  manager: EntityManager,
  locationId: string,
  request: BookingRequest,
  ownHold?: OwnHoldStep,
): Promise<{ location: StoredLocation; context: BookingContext }> {
  const { location, service, therapist, eligibility, holdCandidate } = await readBookingSnapshot(manager, locationId, request, ownHold && { start: request.start, now: ownHold.now });
  if (!location) throw notFound('location');
  const unknown = [
    ...(service ? [] : [{ name: 'serviceId', reason: 'not a service of this location' }]),
    ...(therapist ? [] : [{ name: 'therapistId', reason: 'not a therapist of this location' }]),
  ];
  if (!service || !therapist) throw new ValidationProblem(unknown);
  const violations = validateBookingRequest(request, { location, service });
  if (violations.length > 0) throw new ValidationProblem(violations.map((v) => ({ name: API_FIELD[v.field] ?? v.field, reason: v.reason })));

  // A client another location registered is not this location's to book (the same answer as a missing client).
  if (eligibility.registeredAt !== undefined && eligibility.registeredAt !== locationId) throw notFound('client');
  if (ownHold) await ownHold.take(holdCandidate);
  const span = appointmentSpan(request.start, service, location.timeZone);
  const bookings = await new CalendarReader(manager).bookings({ therapistIds: [therapist.id], locationId, clientId: request.clientId }, span.start, span.blockedUntil);
  return { location, context: { location, service, therapist, bookings, screening: eligibility.screening, clearances: eligibility.clearances } };
}
