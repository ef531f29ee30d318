import type { EntityManager } from 'typeorm';
import { ownHoldCandidate, type HoldCandidate } from '../waitlist/slot-holds';
import { toClientEligibility, type ClearanceRow, type ClientEligibility, type RegistrationRow, type ScreeningRow } from '../eligibility/eligibility.reader';
import {
  toStoredLocation,
  toStoredService,
  toStoredTherapists,
  type ClosureRow,
  type LocationRow,
  type OpeningWindowRow,
  type ServiceRow,
  type StoredLocation,
  type StoredRoom,
  type StoredService,
  type StoredTherapist,
  type TherapistLists,
  type TherapistRow,
} from './calendar.reader';

/** What a booking reads before its check, but the bookings around its span (which depend on the service). */
export interface BookingSnapshot {
  location: StoredLocation | undefined;
  service: StoredService | undefined;
  therapist: StoredTherapist | undefined;
  eligibility: ClientEligibility;
  /** The client's own waitlist hold on the slot, when asked for (`ownHoldCandidate`). */
  holdCandidate: HoldCandidate | undefined;
}

/** JSON of the rows of one query, in its order, `[]` when none (text `HH:MM:SS` and `YYYY-MM-DD` sort as the times and dates they are). */
const rows = (select: string, order: string): string => `(SELECT coalesce(json_agg(x ORDER BY ${order}), '[]') FROM (${select}) x)`;

/**
 * The same rows `CalendarReader.location`, `.service`, `.therapist` and `readEligibility` read (the same columns, the
 * same order), in one statement: a booking reads them in its transaction, after its locks, so nothing here may be
 * cached, and each round trip costs the booking a socket write and a wait. `$1` location, `$2` service, `$3`
 * therapist (lists read only if they work here), `$4` client; with a hold asked for, `$5` start and `$6` now.
 */
const SNAPSHOT = `SELECT
  ${rows(`SELECT id, name, time_zone, jurisdiction, cancellation_window_minutes FROM location WHERE id = $1`, 'x.id')} AS location,
  ${rows(`SELECT weekday, opens::text AS opens, closes::text AS closes FROM location_opening_window WHERE location_id = $1`, 'x.opens')} AS windows,
  ${rows(`SELECT first_day::text AS "from", last_day::text AS "to", reason FROM location_closure WHERE location_id = $1`, 'x."from"')} AS closures,
  ${rows(`SELECT id, code, name, equipment FROM room WHERE location_id = $1`, 'x.code')} AS rooms,
  ${rows(`SELECT id, location_id, code, name, duration_minutes, buffer_minutes, techniques, required_equipment FROM service WHERE location_id = $1 AND id = $2`, 'x.code')} AS services,
  ${rows(`SELECT t.id, t.subject, t.display_name FROM therapist t JOIN therapist_location tl ON tl.therapist_id = t.id WHERE tl.location_id = $1 AND t.id = $3`, 'x.id')} AS therapists,
  ${rows(`SELECT therapist_id, location_id FROM therapist_location WHERE therapist_id = $3`, 'x.location_id')} AS therapist_locations,
  ${rows(`SELECT therapist_id, number, jurisdiction, valid_from::text AS valid_from, expires_on::text AS expires_on FROM therapist_licence WHERE therapist_id = $3`, 'x.jurisdiction')} AS licences,
  ${rows(`SELECT therapist_id, technique, valid_from::text AS valid_from, expires_on::text AS expires_on FROM therapist_certification WHERE therapist_id = $3`, 'x.technique')} AS certifications,
  ${rows(
    `SELECT therapist_id, location_id, weekday, starts::text AS starts, ends::text AS ends, valid_from::text AS valid_from, valid_to::text AS valid_to FROM therapist_shift WHERE therapist_id = $3`,
    'x.location_id, x.starts',
  )} AS shifts,
  ${rows(`SELECT id, therapist_id, starts_at, ends_at, reason FROM therapist_time_off WHERE therapist_id = $3`, 'x.starts_at')} AS time_off,
  ${rows(`SELECT location_id FROM client_registration WHERE client_id = $4`, 'x.location_id')} AS registrations,
  ${rows(`SELECT outcome, restrictions, table_version, as_of FROM client_screening WHERE client_id = $4`, 'x.as_of')} AS screenings,
  ${rows(`SELECT clearance_id, rules, status, expires_at FROM client_clearance WHERE client_id = $4`, 'x.clearance_id')} AS clearances`;

interface SnapshotRow {
  location: LocationRow[];
  windows: OpeningWindowRow[];
  closures: ClosureRow[];
  rooms: StoredRoom[];
  services: ServiceRow[];
  therapists: TherapistRow[];
  therapist_locations: TherapistLists['locations'];
  licences: TherapistLists['licences'];
  certifications: TherapistLists['certifications'];
  shifts: TherapistLists['shifts'];
  /** Timestamps arrive as JSON text. */
  time_off: (Omit<TherapistLists['timeOff'][number], 'starts_at' | 'ends_at'> & {
    starts_at: string;
    ends_at: string;
  })[];
  registrations: RegistrationRow[];
  screenings: (Omit<ScreeningRow, 'as_of'> & { as_of: string })[];
  clearances: (Omit<ClearanceRow, 'expires_at'> & { expires_at: string })[];
  hold_candidates?: HoldCandidate[];
}

const WITH_HOLD = `${SNAPSHOT},
  ${rows(ownHoldCandidate({ location: '$1', client: '$4', therapist: '$3', service: '$2', start: '$5', now: '$6' }), 'x.id')} AS hold_candidates`;

/**
 * Reads a booking's location, service, therapist and client eligibility in the caller's transaction, in one round
 * trip; with `hold` (the booking's start and now), also the client's own waitlist hold on that slot.
 */
export async function readBookingSnapshot(
  manager: EntityManager,
  locationId: string,
  ids: { serviceId: string; therapistId: string; clientId: string },
  hold?: { start: Date; now: Date },
): Promise<BookingSnapshot> {
  const params = [locationId, ids.serviceId, ids.therapistId, ids.clientId];
  const [row] = (await manager.query(hold ? WITH_HOLD : SNAPSHOT, hold ? [...params, hold.start, hold.now] : params)) as [SnapshotRow];
  const [location] = row.location;
  const [service] = row.services;
  const [screening] = row.screenings;
  const timeOff = row.time_off.map((t) => ({ ...t, starts_at: new Date(t.starts_at), ends_at: new Date(t.ends_at) }));
  const [therapist] = toStoredTherapists(row.therapists, {
    locations: row.therapist_locations,
    licences: row.licences,
    certifications: row.certifications,
    shifts: row.shifts,
    timeOff,
  });
  return {
    location: location && toStoredLocation(location, row.windows, row.closures, row.rooms),
    service: service && toStoredService(service),
    therapist,
    eligibility: toClientEligibility(
      ids.clientId,
      row.registrations[0],
      screening && { ...screening, as_of: new Date(screening.as_of) },
      row.clearances.map((c) => ({ ...c, expires_at: new Date(c.expires_at) })),
    ),
    holdCandidate: row.hold_candidates?.[0],
  };
}
