import type { Technique } from '@massage/contracts';
import type { ApiWeekday, ClosureReason } from './scheduling-http.constants';

/** A span of local wall-clock time within one day (`HH:mm`; `to` may be `24:00`). */
export interface LocalWindowBody {
  from: string;
  to: string;
}

/** Opening hours of one weekday: one or more windows (a lunch break makes two). */
export interface OpeningDayBody {
  weekday: ApiWeekday;
  windows: LocalWindowBody[];
}

/** Whole local days the location is closed, `from` to `to` included (a holiday: from = to). */
export interface ClosureBody {
  from: string;
  to: string;
  reason: ClosureReason;
}

/** Body of `POST /locations` (hq-admin): a new location, with its zone, weekly hours and known closures. */
export interface CreateLocationRequest {
  /** Location code, a lowercase slug (`downtown-toronto`): used in paths, tokens and event keys. */
  code: string;
  name: string;
  /** IANA zone (`America/Toronto`): every local date and time of the location is read in it. */
  timeZone: string;
  /** Where a therapist's licence must be valid to work here (`CA-ON`). */
  jurisdiction: string;
  /** Weekdays not listed are closed. */
  openingHours: OpeningDayBody[];
  closures?: ClosureBody[];
  /** A cancellation later than this many minutes before the start is recorded as late (default 1440). */
  cancellationWindowMinutes?: number;
}

/**
 * Body of `PUT /locations/:locationId` (location:configure): the location's settings, all replaced. The code
 * never changes; closures, rooms and services have their own routes. A new time zone is refused (409
 * `zone-change-with-bookings`) while appointments are still to come: their instants would move on the wall clock.
 */
export interface UpdateLocationRequest extends Omit<CreateLocationRequest, 'code' | 'closures' | 'cancellationWindowMinutes'> {
  cancellationWindowMinutes: number;
}

export type AddClosureRequest = ClosureBody;

/** Body of `POST /locations/:locationId/rooms`. */
export interface AddRoomRequest {
  code: string;
  name: string;
  /** Equipment codes (`prenatal-table`, `hydraulic-table`). */
  equipment: string[];
}

/** Body of `POST /locations/:locationId/services`: one entry of the location's service catalogue. */
export interface AddServiceRequest {
  code: string;
  name: string;
  durationMinutes: number;
  /** Clean-up after each appointment: the therapist and the room stay blocked for it. */
  bufferMinutes: number;
  /** The techniques an appointment of this service may use. */
  techniques: Technique[];
  /** Equipment the room must have. */
  requiredEquipment: string[];
}

export interface RoomResponse {
  id: string;
  locationId: string;
  code: string;
  name: string;
  equipment: string[];
}

export interface ServiceResponse {
  id: string;
  locationId: string;
  code: string;
  name: string;
  durationMinutes: number;
  bufferMinutes: number;
  techniques: Technique[];
  requiredEquipment: string[];
}

export interface LocationResponse {
  code: string;
  name: string;
  timeZone: string;
  jurisdiction: string;
  openingHours: OpeningDayBody[];
  closures: ClosureBody[];
  cancellationWindowMinutes: number;
  rooms: RoomResponse[];
  services: ServiceResponse[];
}
