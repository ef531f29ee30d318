import { Injectable, type Provider } from '@nestjs/common';
import { UUID_PATTERN } from '@massage/contracts';
import { SESSION_OWNERSHIP, type SessionOwnership } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import type { NoteActor } from '@massage/treatment-domain';
import { DataSource, type EntityManager } from 'typeorm';

const UUID = new RegExp(UUID_PATTERN);

/** The scheduling ids of the therapist the actor is (TherapistRegistered, through the care projection). */
export async function therapistIdsOf(manager: EntityManager, actor: Actor): Promise<string[]> {
  if (actor.role !== 'therapist') return [];
  const rows = (await manager.query(`SELECT therapist_id FROM care_therapist WHERE subject = $1 ORDER BY therapist_id`, [actor.subject])) as { therapist_id: string }[];
  return rows.map((r) => r.therapist_id);
}

/**
 * Who acts on a note, as the domain judges it: a therapist by their scheduling id (the one the note names, when it
 * is theirs), anyone else by their staff subject; a location manager is the supervisor who may amend another's
 * signed note (clinical-records.md, "Signing"), never draft or sign it.
 */
export async function noteActorOf(manager: EntityManager, actor: Actor, noteTherapistId: string): Promise<NoteActor> {
  const ids = await therapistIdsOf(manager, actor);
  const userId = ids.includes(noteTherapistId) ? noteTherapistId : (ids[0] ?? actor.subject);
  return { userId, ...(actor.role === 'location-manager' ? { supervisor: true } : {}) };
}

/** Who plans, for the plan's `therapistId`: the therapist's scheduling id, when a therapist plans. */
export async function plannerIdOf(manager: EntityManager, actor: Actor): Promise<string | undefined> {
  return (await therapistIdsOf(manager, actor))[0];
}

/**
 * `own-sessions` (the policy guard's SESSION_OWNERSHIP): the appointment at that location is given by the
 * therapist the actor is. The note's therapist once it is open, the booked one before.
 */
@Injectable()
export class SessionOwnershipTable implements SessionOwnership {
  constructor(private readonly dataSource: DataSource) {}

  async isOwnSession(actor: Actor, locationId: string, appointmentId: string): Promise<boolean> {
    if (!UUID.test(appointmentId)) return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM care_therapist t
        WHERE t.subject = $1 AND t.therapist_id = COALESCE(
          (SELECT therapist_id FROM session_note WHERE appointment_id = $2 AND location_id = $3),
          (SELECT therapist_id FROM treatment_appointment WHERE appointment_id = $2 AND location_id = $3))`,
      [actor.subject, appointmentId, locationId],
    );
    return rows.length > 0;
  }
}

/**
 * What the policy guard asks of treatment's records beyond the care projection (`careRelationshipProviders()`,
 * which answers `in-care`, a malformed client id included): `own-sessions` from the session's therapist.
 */
export const careAccessProviders: Provider[] = [{ provide: SESSION_OWNERSHIP, useClass: SessionOwnershipTable }];
