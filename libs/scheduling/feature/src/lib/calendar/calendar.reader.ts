import type { Technique } from '@massage/contracts';
import type { ApiWeekday, ClosureReason, TimeOffReason } from '@massage/scheduling-api';
import type { BookedSpan, Closure, Room, SchedulingLocation, Service, Therapist, WeeklyHours } from '@massage/scheduling-domain';
import type { EntityManager } from 'typeorm';

/** A location with what the domain's calendar does not need but the API shows. */
export interface StoredLocation extends SchedulingLocation {
  name: string;
  cancellationWindowMinutes: number;
  closureReasons: ClosureReason[];
  roomDetails: StoredRoom[];
}

export interface StoredRoom extends Room {
  code: string;
  name: string;
}

export interface StoredService extends Service {
  code: string;
  name: string;
}

export interface StoredTherapist extends Therapist {
  subject: string;
  displayName: string;
  locations: string[];
  timeOffDetails: { id: string; from: Date; to: Date; reason: TimeOffReason }[];
}

/** `HH:mm` of a PostgreSQL `time` (`24:00:00` stays `24:00`). */
const hhmm = (time: string): string => time.slice(0, 5);

export interface LocationRow {
  id: string;
  name: string;
  time_zone: string;
  jurisdiction: string;
  cancellation_window_minutes: number;
}

export type OpeningWindowRow = { weekday: ApiWeekday; opens: string; closes: string };
export type ClosureRow = Closure & { reason: ClosureReason };
export type ServiceRow = { id: string; location_id: string; code: string; name: string; duration_minutes: number; buffer_minutes: number; techniques: Technique[]; required_equipment: string[] };
export type TherapistRow = { id: string; subject: string; display_name: string };

/** The rows of the therapists' lists, any therapists' mixed (each row names its therapist). */
export interface TherapistLists {
  locations: { therapist_id: string; location_id: string }[];
  licences: { therapist_id: string; number: string; jurisdiction: string; valid_from: string | null; expires_on: string }[];
  certifications: { therapist_id: string; technique: Technique; valid_from: string | null; expires_on: string | null }[];
  shifts: { therapist_id: string; location_id: string; weekday: ApiWeekday; starts: string; ends: string; valid_from: string | null; valid_to: string | null }[];
  timeOff: { id: string; therapist_id: string; starts_at: Date; ends_at: Date; reason: TimeOffReason }[];
}

export function toStoredLocation(row: LocationRow, windows: OpeningWindowRow[], closures: ClosureRow[], rooms: StoredRoom[]): StoredLocation {
  const openingHours: WeeklyHours = {};
  for (const w of windows) (openingHours[w.weekday] ??= []).push({ from: hhmm(w.opens), to: hhmm(w.closes) });
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    jurisdiction: row.jurisdiction,
    cancellationWindowMinutes: row.cancellation_window_minutes,
    openingHours,
    closures: closures.map(({ from, to }) => ({ from, to })),
    closureReasons: closures.map((c) => c.reason),
    rooms: rooms.map(({ id, equipment }) => ({ id, equipment })),
    roomDetails: rooms,
  };
}

export function toStoredService(r: ServiceRow): StoredService {
  return {
    id: r.id,
    locationId: r.location_id,
    code: r.code,
    name: r.name,
    durationMinutes: r.duration_minutes,
    bufferMinutes: r.buffer_minutes,
    techniques: r.techniques,
    requiredEquipment: r.required_equipment,
  };
}

export function toStoredTherapists(rows: TherapistRow[], lists: TherapistLists): StoredTherapist[] {
  const { locations, licences, certifications, shifts, timeOff } = lists;
  const of = <T extends { therapist_id: string }>(list: T[], id: string): T[] => list.filter((x) => x.therapist_id === id);
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    displayName: r.display_name,
    locations: of(locations, r.id).map((l) => l.location_id),
    licences: of(licences, r.id).map((l) => ({ number: l.number, jurisdiction: l.jurisdiction, expiresOn: l.expires_on, ...(l.valid_from ? { validFrom: l.valid_from } : {}) })),
    certifications: of(certifications, r.id).map((c) => ({
      technique: c.technique,
      ...(c.valid_from ? { validFrom: c.valid_from } : {}),
      ...(c.expires_on ? { expiresOn: c.expires_on } : {}),
    })),
    shifts: of(shifts, r.id).map((s) => ({
      locationId: s.location_id,
      weekday: s.weekday,
      from: hhmm(s.starts),
      to: hhmm(s.ends),
      ...(s.valid_from ? { validFrom: s.valid_from } : {}),
      ...(s.valid_to ? { validTo: s.valid_to } : {}),
    })),
    timeOff: of(timeOff, r.id).map((t) => ({ from: t.starts_at, to: t.ends_at })),
    timeOffDetails: of(timeOff, r.id).map((t) => ({ id: t.id, from: t.starts_at, to: t.ends_at, reason: t.reason })),
  }));
}

/**
 * Reads scheduling's calendar into the domain's shapes, in the caller's transaction (a booking reads and
 * writes in one). Dates come back as text (`YYYY-MM-DD`): a `date` must never pass through a JS Date.
 */
export class CalendarReader {
  constructor(private readonly manager: EntityManager) {}

  async location(locationId: string): Promise<StoredLocation | undefined> {
    const [row] = (await this.manager.query(`SELECT id, name, time_zone, jurisdiction, cancellation_window_minutes FROM location WHERE id = $1`, [locationId])) as LocationRow[];
    if (!row) return undefined;
    const windows = (await this.manager.query(`SELECT weekday, opens::text, closes::text FROM location_opening_window WHERE location_id = $1 ORDER BY opens`, [
      locationId,
    ])) as OpeningWindowRow[];
    const closures = (await this.manager.query(`SELECT first_day::text AS "from", last_day::text AS "to", reason FROM location_closure WHERE location_id = $1 ORDER BY first_day`, [
      locationId,
    ])) as ClosureRow[];
    const rooms = (await this.manager.query(`SELECT id, code, name, equipment FROM room WHERE location_id = $1 ORDER BY code`, [locationId])) as StoredRoom[];
    return toStoredLocation(row, windows, closures, rooms);
  }

  async services(locationId: string, serviceId?: string): Promise<StoredService[]> {
    const rows = (await this.manager.query(
      `SELECT id, location_id, code, name, duration_minutes, buffer_minutes, techniques, required_equipment FROM service
       WHERE location_id = $1 AND ($2::uuid IS NULL OR id = $2) ORDER BY code`,
      [locationId, serviceId ?? null],
    )) as ServiceRow[];
    return rows.map(toStoredService);
  }

  async service(locationId: string, serviceId: string): Promise<StoredService | undefined> {
    return (await this.services(locationId, serviceId))[0];
  }

  /** The therapists who work at the location (or the one asked for, if they do). */
  async therapists(locationId: string, therapistId?: string): Promise<StoredTherapist[]> {
    const rows = (await this.manager.query(
      `SELECT t.id, t.subject, t.display_name FROM therapist t JOIN therapist_location tl ON tl.therapist_id = t.id
       WHERE tl.location_id = $1 AND ($2::uuid IS NULL OR t.id = $2) ORDER BY t.id`,
      [locationId, therapistId ?? null],
    )) as TherapistRow[];
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [locations, licences, certifications, shifts, timeOff] = (await Promise.all([
      this.manager.query(`SELECT therapist_id, location_id FROM therapist_location WHERE therapist_id = ANY($1) ORDER BY location_id`, [ids]),
      this.manager.query(
        `SELECT therapist_id, number, jurisdiction, valid_from::text, expires_on::text FROM therapist_licence WHERE therapist_id = ANY($1) ORDER BY jurisdiction`,
        [ids],
      ),
      this.manager.query(`SELECT therapist_id, technique, valid_from::text, expires_on::text FROM therapist_certification WHERE therapist_id = ANY($1) ORDER BY technique`, [ids]),
      this.manager.query(
        `SELECT therapist_id, location_id, weekday, starts::text, ends::text, valid_from::text, valid_to::text FROM therapist_shift WHERE therapist_id = ANY($1) ORDER BY location_id, starts`,
        [ids],
      ),
      this.manager.query(`SELECT id, therapist_id, starts_at, ends_at, reason FROM therapist_time_off WHERE therapist_id = ANY($1) ORDER BY starts_at`, [ids]),
    ])) as [TherapistLists['locations'], TherapistLists['licences'], TherapistLists['certifications'], TherapistLists['shifts'], TherapistLists['timeOff']];
    return toStoredTherapists(rows, { locations, licences, certifications, shifts, timeOff });
  }

  async therapist(locationId: string, therapistId: string): Promise<StoredTherapist | undefined> {
    return (await this.therapists(locationId, therapistId))[0];
  }

  /**
   * The spans that hold a therapist, a room or a client between two instants: every appointment of these
   * therapists (wherever), of this location's rooms, and of the client, that is not cancelled or a no-show, and
   * every slot a waitlist offer holds (`held`: nobody else may book it, ADR 0015). Found by overlap of ranges, as
   * the exclusion constraints and `appointment_location_span` index them, so the cost does not grow with history.
   */
  async bookings(scope: { therapistIds: readonly string[]; locationId: string; clientId?: string }, from: Date, to: Date): Promise<BookedSpan[]> {
    const rows = (await this.manager.query(
      `SELECT id, therapist_id, room_id, client_id, starts_at, blocked_until FROM appointment
       WHERE status IN ('held', 'booked', 'checked-in', 'completed') AND tstzrange(starts_at, blocked_until, '[)') && tstzrange($4, $5, '[)')
         AND (therapist_id = ANY($1) OR location_id = $2 OR client_id = $3)`,
      [scope.therapistIds, scope.locationId, scope.clientId ?? null, from, to],
    )) as {
      id: string;
      therapist_id: string;
      room_id: string;
      client_id: string;
      starts_at: Date;
      blocked_until: Date;
    }[];
    return rows.map((r) => ({
      appointmentId: r.id,
      therapistId: r.therapist_id,
      roomId: r.room_id,
      clientId: r.client_id,
      start: r.starts_at,
      end: r.blocked_until,
    }));
  }
}
