import type { BodyRegion, PressureLevel, Technique } from '@massage/contracts';
import type { AppointmentResponse, AppointmentStatus, CancellationReason } from '@massage/scheduling-api';
import type { EntityManager } from 'typeorm';

/** An `appointment` row as SQL returns it. */
export interface AppointmentRow {
  id: string;
  location_id: string;
  client_id: string;
  therapist_id: string;
  room_id: string;
  service_id: string;
  starts_at: Date;
  ends_at: Date;
  blocked_until: Date;
  techniques: Technique[];
  focus_regions: BodyRegion[];
  pressure: PressureLevel;
  status: AppointmentStatus;
  late_cancellation: boolean | null;
  cancellation_reason: CancellationReason | null;
  booked_at: Date;
}

/** The columns of an `AppointmentRow`, for a SELECT or a RETURNING. */
export const APPOINTMENT_COLUMNS = `id, location_id, client_id, therapist_id, room_id, service_id, starts_at, ends_at, blocked_until, techniques, focus_regions, pressure, status,
  late_cancellation, cancellation_reason, booked_at`;

/** The location's appointment, or undefined (another location's appointment is not found, as a missing one). */
export async function findAppointment(manager: EntityManager, locationId: string, id: string, lock = false): Promise<AppointmentRow | undefined> {
  const [row] = (await manager.query(`SELECT ${APPOINTMENT_COLUMNS} FROM appointment WHERE id = $1 AND location_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, locationId])) as AppointmentRow[];
  return row;
}

export function toAppointmentResponse(a: AppointmentRow): AppointmentResponse {
  return {
    id: a.id,
    locationId: a.location_id,
    clientId: a.client_id,
    therapistId: a.therapist_id,
    roomId: a.room_id,
    serviceId: a.service_id,
    startsAt: a.starts_at.toISOString(),
    endsAt: a.ends_at.toISOString(),
    blockedUntil: a.blocked_until.toISOString(),
    techniques: a.techniques,
    focusRegions: a.focus_regions,
    pressure: a.pressure,
    status: a.status,
    lateCancellation: a.late_cancellation,
    cancellationReason: a.cancellation_reason,
    bookedAt: a.booked_at.toISOString(),
  };
}

/** The ids every appointment event carries. */
export function appointmentEventBase(a: Pick<AppointmentRow, 'id' | 'location_id' | 'client_id' | 'therapist_id'>) {
  return { appointmentId: a.id, locationId: a.location_id, clientId: a.client_id, therapistId: a.therapist_id };
}
