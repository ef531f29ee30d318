import { Inject, Injectable } from '@nestjs/common';
import type { BodyRegion, PressureLevel, Technique } from '@massage/contracts';
import { CLOCK, type Clock } from '@massage/platform';
import type { OwnSessionResponse, OwnSessionsResponse, OwnSessionStatus } from '@massage/treatment-api';
import type { EntityManager } from 'typeorm';
import { AuditedRecords } from '../../http/audited-records';
import type { LocationContext } from '../../http/request-context';
import { localDate, locationZone } from '../../locations/local-day';

interface SessionRow {
  appointment_id: string;
  client_id: string;
  service_id: string | null;
  starts_at: Date;
  ends_at: Date;
  local_start: string;
  status: 'booked' | 'completed' | 'cancelled' | 'no-show';
  techniques: Technique[];
  focus_regions: BodyRegion[];
  pressure: PressureLevel;
  note_id: string | null;
  note_status: 'draft' | 'signed' | null;
  plan_id: string | null;
}

/**
 * The appointments at the location whose start falls on the local day (its bounds taken in the zone, so a DST day
 * has its 23 or 25 hours), given by the actor: the note's therapist once it is open, the booked one before, mapped
 * to the staff subject by the care projection, as `own-sessions` decides (care-access.ts). With the session's note
 * and the client's active plan at the location (the newest, as a note opened now would take).
 */
const OWN_SESSIONS_OF_DAY = `
  SELECT a.appointment_id, a.client_id, a.service_id, a.starts_at, a.ends_at, to_char(a.starts_at AT TIME ZONE $3, 'HH24:MI') AS local_start,
         a.status, a.techniques, a.focus_regions, a.pressure, n.note_id, n.status AS note_status, p.id AS plan_id
    FROM treatment_appointment a
    LEFT JOIN session_note n ON n.appointment_id = a.appointment_id
    LEFT JOIN LATERAL (
      SELECT id FROM treatment_plan WHERE client_id = a.client_id AND location_id = a.location_id AND status = 'active' ORDER BY created_at DESC, id LIMIT 1
    ) p ON true
   WHERE a.location_id = $2
     AND a.starts_at >= ($4::date::timestamp AT TIME ZONE $3) AND a.starts_at < (($4::date + 1)::timestamp AT TIME ZONE $3)
     AND COALESCE(n.therapist_id, a.therapist_id) IN (SELECT therapist_id FROM care_therapist WHERE subject = $1)
   ORDER BY a.starts_at, a.appointment_id`;

/** `checked-in` is the projection's `booked` once the client arrived (the draft note opens at check-in). */
const statusOf = (r: SessionRow): OwnSessionStatus => (r.status === 'booked' && r.note_id !== null ? 'checked-in' : r.status);

function toOwnSession(r: SessionRow): OwnSessionResponse {
  return {
    appointmentId: r.appointment_id,
    clientId: r.client_id,
    serviceId: r.service_id,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    localStartTime: r.local_start,
    status: statusOf(r),
    techniques: r.techniques,
    focusRegions: r.focus_regions,
    pressure: r.pressure,
    note: r.note_id !== null && r.note_status !== null ? { id: r.note_id, status: r.note_status } : null,
    activePlanId: r.plan_id,
  };
}

async function ownSessionsOfDay(manager: EntityManager, ctx: LocationContext, date: string, timeZone: string): Promise<OwnSessionResponse[]> {
  const rows = (await manager.query(OWN_SESSIONS_OF_DAY, [ctx.actor.subject, ctx.locationId, timeZone, date])) as SessionRow[];
  return rows.map(toOwnSession);
}

/**
 * A therapist's day at their location: the sessions they give, by start, so they know what they will document
 * (ids and codes; treatment keeps no names). "Today" is the location's local date on the platform clock. The
 * listing is audited as a read before it is answered; it names no client (it spans several).
 */
@Injectable()
export class ListOwnSessionsService {
  constructor(
    private readonly records: AuditedRecords,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(ctx: LocationContext, date: string | undefined): Promise<OwnSessionsResponse> {
    return this.records.read(ctx, { operation: 'session.list-own', resourceType: 'session-list' }, 'note', async (manager) => {
      const timeZone = await locationZone(manager, ctx.locationId);
      const day = date ?? localDate(this.clock.now(), timeZone);
      return { locationId: ctx.locationId, date: day, timeZone, sessions: await ownSessionsOfDay(manager, ctx, day, timeZone) };
    });
  }
}
