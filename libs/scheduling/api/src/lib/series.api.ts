import type { BodyRegion, PressureLevel, Technique } from '@massage/contracts';
import type { Refusal } from '@massage/scheduling-domain';
import type { AppointmentResponse } from './appointment.api';

/**
 * Body of `POST /locations/:locationId/series` (with `Idempotency-Key`): `count` sessions every `everyWeeks`
 * weeks with one therapist, from `firstDate`, each at the same local time (`localTime` at the location, whatever
 * the clocks do).
 */
export interface BookSeriesRequest {
  clientId: string;
  therapistId: string;
  serviceId: string;
  /** The room; absent = the first free room with the service's equipment, for each session. */
  roomId?: string;
  /** The first session's local date (`YYYY-MM-DD`); the others fall on the same weekday. */
  firstDate: string;
  /** The local start time of every session (`HH:mm`). */
  localTime: string;
  count: number;
  everyWeeks: number;
  techniques: Technique[];
  focusRegions: BodyRegion[];
  pressure: PressureLevel;
}

/** One session of the series that was booked. */
export interface SeriesBookedSession {
  /** 0 for the first session. */
  index: number;
  localDate: string;
  localTime: string;
  appointment: AppointmentResponse;
}

/** One session that could not be booked, and why: `rule` names the refusal, as a single booking's problem type would. */
export interface SeriesRefusedSession {
  index: number;
  localDate: string;
  localTime: string;
  /** The start instant, or null when the local time does not exist that day (the clocks skip it). */
  startsAt: string | null;
  /** `slot-taken`, `outside-hours`, `licence-expired`, … or `nonexistent-local-time`. */
  rule: string;
  /** Every booking rule that refused the session, with its codes (empty for `nonexistent-local-time`). */
  refusals: Refusal[];
}

/**
 * The series' report (best-effort, ADR 0015): every session that could be booked is booked (each an appointment
 * of its own, with its AppointmentBooked), every other one is listed with the rule that refused it.
 */
export interface SeriesBookingResponse {
  locationId: string;
  clientId: string;
  therapistId: string;
  serviceId: string;
  timeZone: string;
  count: number;
  everyWeeks: number;
  booked: SeriesBookedSession[];
  refused: SeriesRefusedSession[];
}
