import type { BodyRegion, PressureLevel, Technique } from '@massage/contracts';
import type { CancellationReason } from './scheduling-http.constants';

/** `held`: a slot a waitlist offer holds for its client (ADR 0015); it becomes `booked` when accepted, and is gone when the offer ends. */
export const APPOINTMENT_STATUSES = ['held', 'booked', 'checked-in', 'completed', 'cancelled', 'no-show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Body of `POST /locations/:locationId/appointments` (with `Idempotency-Key`). */
export interface BookAppointmentRequest {
  clientId: string;
  therapistId: string;
  serviceId: string;
  /** The room; absent = the first free room with the service's equipment. */
  roomId?: string;
  /** The start instant, with an offset (RFC 3339). */
  startsAt: string;
  /** Techniques planned (each one of the service's, each one the therapist is certified in, each one safe for the client). */
  techniques: Technique[];
  /** Body regions the session focuses on. */
  focusRegions: BodyRegion[];
  /** Planned pressure on Walton's scale, P1 (light) … P5 (deepest). */
  pressure: PressureLevel;
}

/** Body of `POST …/appointments/:appointmentId/reschedule`: what changes (absent fields stay), then every check again. */
export interface RescheduleAppointmentRequest {
  startsAt: string;
  therapistId?: string;
  roomId?: string;
  techniques?: Technique[];
  focusRegions?: BodyRegion[];
  pressure?: PressureLevel;
}

/** Body of `POST …/appointments/:appointmentId/cancel`. */
export interface CancelAppointmentRequest {
  reason: CancellationReason;
}

export interface AppointmentResponse {
  id: string;
  locationId: string;
  clientId: string;
  therapistId: string;
  roomId: string;
  serviceId: string;
  startsAt: string;
  endsAt: string;
  /** End of the clean-up buffer: the therapist and the room are blocked until then. */
  blockedUntil: string;
  techniques: Technique[];
  focusRegions: BodyRegion[];
  pressure: PressureLevel;
  status: AppointmentStatus;
  /** Set when cancelled: whether it was inside the location's cancellation window. */
  lateCancellation: boolean | null;
  cancellationReason: CancellationReason | null;
  bookedAt: string;
}

/** `GET /locations/:locationId/availability?serviceId=&from=&to=[&therapistId=][&clientId=]`. */
export interface AvailabilityQuery {
  serviceId: string;
  /** First local date (`YYYY-MM-DD`) searched. */
  from: string;
  /** Last local date, included. */
  to: string;
  therapistId?: string;
  /** With a client: only slots the client may be booked into (their screening and clearances). */
  clientId?: string;
  /**
   * The plan, to search only slots it could be booked into (therapists certified for the techniques, and, with a
   * client, their screening allowing techniques, regions and pressure). Techniques, focus regions and pressure
   * go together; without them, any therapist certified in one of the service's techniques is offered.
   */
  techniques?: Technique[];
  focusRegions?: BodyRegion[];
  pressure?: PressureLevel;
}

export interface AvailableSlot {
  startsAt: string;
  endsAt: string;
  /** Local date and time at the location (what the front desk reads out). */
  localDate: string;
  localTime: string;
  therapistId: string;
  roomId: string;
}

export interface AvailabilityResponse {
  locationId: string;
  serviceId: string;
  timeZone: string;
  slots: AvailableSlot[];
}
