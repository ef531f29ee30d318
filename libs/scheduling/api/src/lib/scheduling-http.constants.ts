/**
 * Constants of the scheduling service's internal HTTP API (called only by the gateway). Plain TypeScript: the
 * request DTOs and, later, the gateway's routes are built from them.
 */

/**
 * Route templates. Every route but location creation names the location it acts on; who asks comes only from
 * the gateway's signed assertion (`x-gateway-assertion`, docs/security.md).
 */
export const SCHEDULING_ROUTES = {
  /** POST CreateLocationRequest → 201 LocationResponse (hq-admin; the route names no location: the body does). */
  locations: '/locations',
  /**
   * GET → 200 LocationResponse. PUT UpdateLocationRequest → 200 LocationResponse (location:configure: name, zone,
   * jurisdiction, weekly hours, cancellation window replaced; a zone change is refused while future bookings exist).
   */
  location: '/locations/:locationId',
  /** POST AddRoomRequest → 201 RoomResponse. */
  rooms: '/locations/:locationId/rooms',
  /** POST AddServiceRequest → 201 ServiceResponse. */
  services: '/locations/:locationId/services',
  /** POST AddClosureRequest → 201 LocationResponse (whole local days closed). */
  closures: '/locations/:locationId/closures',
  /** POST RegisterTherapistRequest → 201 TherapistResponse (the therapist works at this location). */
  therapists: '/locations/:locationId/therapists',
  /** GET → 200 TherapistResponse. */
  therapist: '/locations/:locationId/therapists/:therapistId',
  /** PUT RecordLicenceRequest → 200 TherapistResponse (one licence per jurisdiction; a new one replaces the old). */
  licence: '/locations/:locationId/therapists/:therapistId/licence',
  /** PUT RecordCertificationRequest → 200 TherapistResponse. */
  certification: '/locations/:locationId/therapists/:therapistId/certifications/:technique',
  /** PUT SetShiftsRequest → 200 TherapistResponse (replaces the therapist's weekly shifts at this location). */
  shifts: '/locations/:locationId/therapists/:therapistId/shifts',
  /** POST AddTimeOffRequest → 201 TherapistResponse. */
  timeOff: '/locations/:locationId/therapists/:therapistId/time-off',
  /** GET AvailabilityQuery → 200 AvailabilityResponse. */
  availability: '/locations/:locationId/availability',
  /** POST BookAppointmentRequest → 201 AppointmentResponse. */
  appointments: '/locations/:locationId/appointments',
  /** GET → 200 AppointmentResponse. */
  appointment: '/locations/:locationId/appointments/:appointmentId',
  /** POST RescheduleAppointmentRequest → 200 AppointmentResponse (every check again). */
  reschedule: '/locations/:locationId/appointments/:appointmentId/reschedule',
  /** POST CancelAppointmentRequest → 200 AppointmentResponse (`lateCancellation` by the location's window). */
  cancel: '/locations/:locationId/appointments/:appointmentId/cancel',
  /** POST → 200 AppointmentResponse. */
  checkIn: '/locations/:locationId/appointments/:appointmentId/check-in',
  /** POST → 200 AppointmentResponse. */
  complete: '/locations/:locationId/appointments/:appointmentId/complete',
  /** POST → 200 AppointmentResponse. */
  noShow: '/locations/:locationId/appointments/:appointmentId/no-show',
  /** POST BookSeriesRequest (with Idempotency-Key) → 201 SeriesBookingResponse (best-effort: the booked sessions and each refused date with its rule). */
  series: '/locations/:locationId/series',
  /** POST JoinWaitlistRequest → 201 WaitlistEntryResponse; GET → 200 WaitlistResponse (waiting and offered entries, first come first). */
  waitlist: '/locations/:locationId/waitlist',
  /** GET → 200 WaitlistEntryResponse. */
  waitlistEntry: '/locations/:locationId/waitlist/:entryId',
  /** POST → 200 WaitlistEntryResponse (the client leaves the waitlist; a slot held for them goes to the next client). */
  leaveWaitlist: '/locations/:locationId/waitlist/:entryId/leave',
  /** POST AcceptWaitlistOfferRequest (with Idempotency-Key) → 201 AppointmentResponse (books the held slot). */
  acceptOffer: '/locations/:locationId/waitlist/:entryId/offer/accept',
  /** POST → 200 WaitlistEntryResponse (the held slot is offered to the next waiting client). */
  declineOffer: '/locations/:locationId/waitlist/:entryId/offer/decline',
} as const;

/** Limits scheduling enforces on request bodies (400 problem+json naming the field otherwise). */
export const SCHEDULING_API_LIMITS = {
  /** Location, room, service codes and equipment codes: lowercase slugs. */
  codePattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  codeMaxLength: 64,
  nameMaxLength: 100,
  /** A licence jurisdiction: ISO 3166 country, optionally a subdivision (`CA-ON`, `GB`). */
  jurisdictionPattern: '^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$',
  licenceNumberPattern: '^[A-Za-z0-9][A-Za-z0-9./-]{0,31}$',
  /** A staff subject as the gateway asserts it (an identity provider's opaque id). */
  subjectPattern: '^[A-Za-z0-9._:@-]{1,128}$',
  datePattern: '^\\d{4}-\\d{2}-\\d{2}$',
  timePattern: '^(?:[01]\\d|2[0-3]):[0-5]\\d$|^24:00$',
  durationMinutes: { min: 15, max: 480 },
  bufferMinutes: { min: 0, max: 120 },
  /** Cancelling later than this before the start is a late cancellation (default one day). */
  cancellationWindowMinutes: { min: 0, max: 10_080, default: 1_440 },
  maxEquipment: 16,
  maxWindowsPerDay: 4,
  maxClosures: 100,
  maxShifts: 28,
  /** Availability searches span at most this many local days. */
  maxSearchDays: 31,
} as const;

/** Why an appointment was cancelled: the codes its event carries. */
export { APPOINTMENT_CANCELLATION_REASONS as CANCELLATION_REASONS, type AppointmentCancellationReason as CancellationReason } from '@massage/contracts';

export const TIME_OFF_REASONS = ['vacation', 'sick', 'training', 'personal', 'other'] as const;
export type TimeOffReason = (typeof TIME_OFF_REASONS)[number];

export const CLOSURE_REASONS = ['holiday', 'maintenance', 'weather', 'other'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** Weekdays as the API writes them (ISO order, Monday first). */
export const API_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type ApiWeekday = (typeof API_WEEKDAYS)[number];

/**
 * The `type` of a scheduling refusal (RFC 9457): `https://massage.example/problems/<rule>`, where the rule is
 * the domain's name for it (`slot-taken`, `licence-expired`, `contraindicated`…).
 */
export const SCHEDULING_PROBLEM_BASE = 'https://massage.example/problems/';
export function schedulingProblemType(rule: string): string {
  return `${SCHEDULING_PROBLEM_BASE}${rule}`;
}
