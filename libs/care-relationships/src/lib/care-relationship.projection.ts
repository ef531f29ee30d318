import { Inject, Injectable } from '@nestjs/common';
import type {
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentRescheduledV1,
  NoShowRecordedV1,
  TherapistRegisteredV1,
} from '@massage/contracts';
import type { EntityManager } from 'typeorm';
import { applyAppointmentFact, careSpanOf, type AppointmentCare, type AppointmentCareFact, type CarePolicy, type CareWindow } from './care-rule';

/** Injection token of the service's CarePolicy (CareRelationshipsModule provides it). */
export const CARE_POLICY = Symbol('CARE_POLICY');

interface AppointmentRow {
  appointment_id: string;
  client_id: string;
  location_id: string;
  therapist_id: string;
  ends_at: Date;
  ended: boolean;
  changed_at: Date;
}

interface WindowRow {
  therapist_id: string;
  since: Date;
  until: Date;
}

/**
 * Applies scheduling's events to the care tables, through the manager of the consumer's transaction (the one that
 * holds the inbox row, so an event is applied once per consumer group). Events of one appointment arrive in order
 * (keyed by appointment); a therapist's registration and their appointments do not (two topics): whichever comes
 * second completes `care_relationship`. Both take the therapist's advisory lock, so they never miss each other.
 */
@Injectable()
export class CareRelationshipProjection {
  constructor(@Inject(CARE_POLICY) private readonly policy: CarePolicy) {}

  /** A therapist's scheduling id and staff subject; their relationships are (re)computed under it. */
  async therapistRegistered(manager: EntityManager, e: TherapistRegisteredV1): Promise<void> {
    await lockTherapists(manager, [e.therapistId]);
    const before = (await manager.query(`SELECT subject FROM care_therapist WHERE therapist_id = $1`, [e.therapistId])) as { subject: string }[];
    await manager.query(
      `INSERT INTO care_therapist (therapist_id, subject, registered_at) VALUES ($1, $2, $3)
       ON CONFLICT (therapist_id) DO UPDATE SET subject = EXCLUDED.subject, registered_at = LEAST(care_therapist.registered_at, EXCLUDED.registered_at)`,
      [e.therapistId, e.subject, e.registeredAt],
    );
    const pairs = (await manager.query(
      `SELECT DISTINCT a.client_id, a.location_id FROM care_appointment_window w JOIN care_appointment a USING (appointment_id) WHERE w.therapist_id = $1`,
      [e.therapistId],
    )) as { client_id: string; location_id: string }[];
    const subjects = new Set([e.subject, ...before.map((b) => b.subject)]);
    for (const subject of subjects) for (const p of pairs) await refreshRelationship(manager, subject, p.client_id, p.location_id);
  }

  async appointmentBooked(manager: EntityManager, e: AppointmentBookedV1): Promise<void> {
    await this.apply(manager, { ...ids(e), kind: 'booked', endsAt: new Date(e.endsAt), at: new Date(e.bookedAt) });
  }

  /** A move; when it changes the therapist, the previous one's window closes and the new one's opens. */
  async appointmentRescheduled(manager: EntityManager, e: AppointmentRescheduledV1): Promise<void> {
    await this.apply(manager, { ...ids(e), kind: 'rescheduled', endsAt: new Date(e.endsAt), at: new Date(e.rescheduledAt) }, [e.previousTherapistId]);
  }

  async appointmentCancelled(manager: EntityManager, e: AppointmentCancelledV1): Promise<void> {
    await this.apply(manager, { ...ids(e), kind: 'ended', at: new Date(e.cancelledAt) });
  }

  /** The client did not come: nothing was treated, so the appointment's window closes as a cancellation's would. */
  async noShowRecorded(manager: EntityManager, e: NoShowRecordedV1): Promise<void> {
    await this.apply(manager, { ...ids(e), kind: 'ended', at: new Date(e.recordedAt) });
  }

  private async apply(manager: EntityManager, fact: AppointmentCareFact, alsoTherapists: string[] = []): Promise<void> {
    const known = (await manager.query(`SELECT therapist_id FROM care_appointment WHERE appointment_id = $1`, [fact.appointmentId])) as { therapist_id: string }[];
    const therapists = [fact.therapistId, ...alsoTherapists, ...known.map((k) => k.therapist_id)];
    await lockTherapists(manager, therapists);
    const current = await readAppointment(manager, fact.appointmentId);
    const next = applyAppointmentFact(current, fact, this.policy);
    if (!next) return;
    await writeAppointment(manager, next);
    const touched = new Set([...(current?.windows ?? []), ...next.windows].map((w) => w.therapistId));
    const subjects = (await manager.query(`SELECT DISTINCT subject FROM care_therapist WHERE therapist_id = ANY($1::uuid[])`, [[...touched]])) as { subject: string }[];
    for (const { subject } of subjects) await refreshRelationship(manager, subject, next.clientId, next.locationId);
  }
}

const ids = (e: { appointmentId: string; clientId: string; locationId: string; therapistId: string }) => ({
  appointmentId: e.appointmentId,
  clientId: e.clientId,
  locationId: e.locationId,
  therapistId: e.therapistId,
});

/** One transaction at a time per therapist (sorted, so two handlers never wait on each other in a circle). */
async function lockTherapists(manager: EntityManager, therapistIds: string[]): Promise<void> {
  for (const id of [...new Set(therapistIds)].sort()) await manager.query(`SELECT pg_advisory_xact_lock(hashtext('care-therapist:' || $1))`, [id]);
}

async function readAppointment(manager: EntityManager, appointmentId: string): Promise<AppointmentCare | undefined> {
  const [row] = (await manager.query(`SELECT * FROM care_appointment WHERE appointment_id = $1 FOR UPDATE`, [appointmentId])) as AppointmentRow[];
  if (!row) return undefined;
  const windows = (await manager.query(`SELECT therapist_id, since, until FROM care_appointment_window WHERE appointment_id = $1`, [appointmentId])) as WindowRow[];
  return {
    appointmentId: row.appointment_id,
    clientId: row.client_id,
    locationId: row.location_id,
    therapistId: row.therapist_id,
    endsAt: row.ends_at,
    ended: row.ended,
    changedAt: row.changed_at,
    windows: windows.map((w): CareWindow => ({ therapistId: w.therapist_id, since: w.since, until: w.until })),
  };
}

async function writeAppointment(manager: EntityManager, a: AppointmentCare): Promise<void> {
  await manager.query(
    `INSERT INTO care_appointment (appointment_id, client_id, location_id, therapist_id, ends_at, ended, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (appointment_id) DO UPDATE SET therapist_id = EXCLUDED.therapist_id, ends_at = EXCLUDED.ends_at, ended = EXCLUDED.ended, changed_at = EXCLUDED.changed_at`,
    [a.appointmentId, a.clientId, a.locationId, a.therapistId, a.endsAt, a.ended, a.changedAt],
  );
  for (const w of a.windows) {
    await manager.query(
      `INSERT INTO care_appointment_window (appointment_id, therapist_id, since, until) VALUES ($1, $2, $3, $4)
       ON CONFLICT (appointment_id, therapist_id) DO UPDATE SET since = EXCLUDED.since, until = EXCLUDED.until`,
      [a.appointmentId, w.therapistId, w.since, w.until],
    );
  }
}

/** Recomputes one `care_relationship` row from the windows of every appointment of `subject` with the client there. */
async function refreshRelationship(manager: EntityManager, subject: string, clientId: string, locationId: string): Promise<void> {
  const windows = (await manager.query(
    `SELECT w.since, w.until FROM care_appointment_window w
       JOIN care_appointment a USING (appointment_id)
       JOIN care_therapist t ON t.therapist_id = w.therapist_id
      WHERE t.subject = $1 AND a.client_id = $2 AND a.location_id = $3`,
    [subject, clientId, locationId],
  )) as { since: Date; until: Date }[];
  const span = careSpanOf(windows);
  if (!span) {
    await manager.query(`DELETE FROM care_relationship WHERE therapist_subject = $1 AND client_id = $2 AND location_id = $3`, [subject, clientId, locationId]);
    return;
  }
  await manager.query(
    `INSERT INTO care_relationship (therapist_subject, client_id, location_id, since, until) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (therapist_subject, client_id, location_id) DO UPDATE SET since = EXCLUDED.since, until = EXCLUDED.until`,
    [subject, clientId, locationId, span.since, span.until],
  );
}
