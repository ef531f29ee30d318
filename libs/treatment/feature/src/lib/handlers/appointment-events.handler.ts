import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CareRelationshipProjection } from '@massage/care-relationships';
import {
  AppointmentBooked,
  AppointmentCancelled,
  AppointmentCompleted,
  AppointmentRescheduled,
  ClientCheckedIn,
  NoShowRecorded,
  TherapistRegistered,
  type AppointmentBookedV1,
  type AppointmentCancelledV1,
  type AppointmentCompletedV1,
  type AppointmentRescheduledV1,
  type ClientCheckedInV1,
  type NoShowRecordedV1,
  type TherapistRegisteredV1,
} from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { CLOCK, type Clock } from '@massage/platform';
import { openNote } from '@massage/treatment-domain';
import type { EntityManager } from 'typeorm';
import { insertNote } from '../notes/note.store';
import { activePlanId } from '../plans/plan.store';

/** The appointment as booked or moved (span, therapist, service, planned work), unless a later change is already kept. */
async function keepAppointment(manager: EntityManager, e: AppointmentBookedV1 | AppointmentRescheduledV1, changedAt: string): Promise<void> {
  await manager.query(
    `INSERT INTO treatment_appointment (appointment_id, client_id, location_id, therapist_id, starts_at, ends_at, techniques, focus_regions, pressure, status, changed_at, service_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'booked', $10, $11)
     ON CONFLICT (appointment_id) DO UPDATE SET therapist_id = EXCLUDED.therapist_id, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
       techniques = EXCLUDED.techniques, focus_regions = EXCLUDED.focus_regions, pressure = EXCLUDED.pressure, changed_at = EXCLUDED.changed_at,
       service_id = EXCLUDED.service_id
     WHERE treatment_appointment.changed_at <= EXCLUDED.changed_at AND treatment_appointment.status = 'booked'`,
    [e.appointmentId, e.clientId, e.locationId, e.therapistId, e.startsAt, e.endsAt, e.techniques, e.focusRegions, e.pressure, changedAt, e.serviceId],
  );
}

async function endAppointment(manager: EntityManager, appointmentId: string, status: 'cancelled' | 'no-show' | 'completed', at: string): Promise<void> {
  await manager.query(`UPDATE treatment_appointment SET status = $2, changed_at = $3 WHERE appointment_id = $1 AND changed_at <= $3`, [appointmentId, status, at]);
}

/**
 * Scheduling's appointments and therapists, through treatment's inbox (one handler per event type in the service):
 * the appointment facts a note needs (therapist, span), the care projection behind `in-care` and `own-sessions`
 * (@massage/care-relationships), and at check-in the session's draft note, opened once however often the event
 * comes.
 */
@Controller()
export class AppointmentEventsHandler {
  constructor(
    private readonly care: CareRelationshipProjection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @EventPattern(TherapistRegistered.type)
  therapistRegistered(@Payload() e: TherapistRegisteredV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.care.therapistRegistered(ctx.manager, e);
  }

  @EventPattern(AppointmentBooked.type)
  async booked(@Payload() e: AppointmentBookedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await keepAppointment(ctx.manager, e, e.bookedAt);
    await this.care.appointmentBooked(ctx.manager, e);
  }

  @EventPattern(AppointmentRescheduled.type)
  async rescheduled(@Payload() e: AppointmentRescheduledV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await keepAppointment(ctx.manager, e, e.rescheduledAt);
    await this.care.appointmentRescheduled(ctx.manager, e);
  }

  @EventPattern(AppointmentCancelled.type)
  async cancelled(@Payload() e: AppointmentCancelledV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await endAppointment(ctx.manager, e.appointmentId, 'cancelled', e.cancelledAt);
    await this.care.appointmentCancelled(ctx.manager, e);
  }

  @EventPattern(NoShowRecorded.type)
  async noShow(@Payload() e: NoShowRecordedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await endAppointment(ctx.manager, e.appointmentId, 'no-show', e.recordedAt);
    await this.care.noShowRecorded(ctx.manager, e);
  }

  /** The session took place (the therapist's day shows it completed); care is unchanged: the booking's window stands. */
  @EventPattern(AppointmentCompleted.type)
  async completed(@Payload() e: AppointmentCompletedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    await endAppointment(ctx.manager, e.appointmentId, 'completed', e.completedAt);
  }

  /** The client arrived: the session's draft note exists from now on (its end from the booking, when seen). */
  @EventPattern(ClientCheckedIn.type)
  async checkedIn(@Payload() e: ClientCheckedInV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    const [booked] = (await ctx.manager.query(`SELECT ends_at FROM treatment_appointment WHERE appointment_id = $1`, [e.appointmentId])) as { ends_at: Date }[];
    const planId = await activePlanId(ctx.manager, e.clientId, e.locationId);
    const note = openNote(
      {
        noteId: randomUUID(),
        appointmentId: e.appointmentId,
        clientId: e.clientId,
        therapistId: e.therapistId,
        locationId: e.locationId,
        ...(planId ? { planId } : {}),
        startsAt: new Date(e.startsAt),
        ...(booked ? { endsAt: booked.ends_at } : {}),
      },
      this.clock.now(),
    );
    await insertNote(ctx.manager, note);
  }
}
