import type { Technique } from '@massage/contracts';
import type { LocalDate, LocalTime, Weekday } from './local-time';

/** A span of local wall-clock time within one day: `from` < `to`, `to` may be `24:00`. */
export interface LocalWindow {
  from: LocalTime;
  to: LocalTime;
}

/** Weekly hours: the windows of each weekday (none = closed that weekday). Windows of a day may touch or overlap; they are merged. */
export type WeeklyHours = Partial<Record<Weekday, LocalWindow[]>>;

/** Whole local days off, `from` to `to` included (a holiday is one day: from = to). */
export interface Closure {
  from: LocalDate;
  to: LocalDate;
}

export interface Room {
  id: string;
  /** Equipment codes (`prenatal-table`, `hydraulic-table`, …). */
  equipment: string[];
}

export interface SchedulingLocation {
  id: string;
  /** IANA zone; every local date and time of this location is read in it. */
  timeZone: string;
  /** Where a therapist's licence must be valid to work here (e.g. `CA-ON`). */
  jurisdiction: string;
  openingHours: WeeklyHours;
  closures: Closure[];
  rooms: Room[];
}

export interface Service {
  id: string;
  locationId: string;
  durationMinutes: number;
  /** Clean-up after each appointment: the therapist and room stay blocked for it. */
  bufferMinutes: number;
  /** The techniques an appointment of this service may use. */
  techniques: Technique[];
  /** Every one of these must be in the room. */
  requiredEquipment: string[];
}

export interface Licence {
  number: string;
  jurisdiction: string;
  /** First day it is valid, if known. */
  validFrom?: LocalDate;
  /** Last day it is valid (included). */
  expiresOn: LocalDate;
}

export interface Certification {
  technique: Technique;
  validFrom?: LocalDate;
  /** Last day it is valid (included); absent = does not expire. */
  expiresOn?: LocalDate;
}

/** A recurring weekly shift at one location, in that location's local time; optionally limited to a date range. */
export interface Shift {
  locationId: string;
  weekday: Weekday;
  from: LocalTime;
  to: LocalTime;
  validFrom?: LocalDate;
  validTo?: LocalDate;
}

/** Time off as instants, `[from, to)`, at every location. */
export interface TimeOff {
  from: Date;
  to: Date;
}

export interface Therapist {
  id: string;
  licences: Licence[];
  certifications: Certification[];
  shifts: Shift[];
  timeOff: TimeOff[];
}

/**
 * An existing appointment's blocked span `[start, end)`, where `end` already includes the service's buffer:
 * the same span the database's exclusion constraints use for the therapist, the room and the client.
 */
export interface BookedSpan {
  appointmentId: string;
  therapistId: string;
  roomId: string;
  clientId: string;
  start: Date;
  end: Date;
}
