import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '@massage/audit';
import { AppointmentRescheduled } from '@massage/contracts';
import { OutboxWriter } from '@massage/messaging';
import type { AppointmentResponse, RescheduleAppointmentRequest } from '@massage/scheduling-api';
import { checkBooking } from '@massage/scheduling-domain';
import { DataSource, type EntityManager } from 'typeorm';
import { appointmentEventBase, findAppointment, toAppointmentResponse } from '../../appointments/appointment.row';
import { lockBookingResources } from '../../appointments/booking-locks';
import { loadBookingContext, throwIfPast, toBookingRequest } from '../../appointments/booking-context';
import { slotTakenFrom, withDeadlockRetry } from '../../appointments/slot-conflict';
import { notFound, type CommandContext } from '../../http/request-context';
import { bookingRefused, SchedulingRefusal } from '../../http/scheduling-refusal';
import { WaitlistJob } from '../../waitlist/waitlist.job';
import { CLOCK, type Clock } from '@massage/platform';

/**
 * Moves a booked appointment: the new start (and, if given, therapist, room, techniques, regions, pressure) goes
 * through every booking check again (the client's latest screening included), its own old span not counting
 * as taken. Without a room, the first free suitable room is taken. A refusal changes nothing; a concurrent
 * booking that won the new span surfaces as the exclusion violation, answered `slot-taken`. A slot moved away
 * from (queued by the database) is offered to the waitlist right after the commit: the waitlist job is poked.
 */
@Injectable()
export class RescheduleAppointmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly waitlist: WaitlistJob,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async reschedule(ctx: CommandContext, appointmentId: string, body: RescheduleAppointmentRequest): Promise<AppointmentResponse> {
    throwIfPast(new Date(body.startsAt), this.clock.now());
    try {
      const moved = await withDeadlockRetry(() => this.dataSource.transaction((manager) => this.rescheduleIn(manager, ctx, appointmentId, body)));
      this.waitlist.poke();
      return moved;
    } catch (error: unknown) {
      const refusal = error instanceof SchedulingRefusal ? error : slotTakenFrom(error);
      if (!refusal) throw error;
      await this.audit.recordNow({
        actor: ctx.actor,
        action: 'write',
        operation: 'appointment.reschedule',
        resourceType: 'appointment',
        resourceId: appointmentId,
        locationId: ctx.locationId,
        outcome: 'refused',
        reason: refusal.rule,
        correlationId: ctx.correlationId,
      });
      throw refusal;
    }
  }

  private async rescheduleIn(manager: EntityManager, ctx: CommandContext, appointmentId: string, body: RescheduleAppointmentRequest): Promise<AppointmentResponse> {
    const before = await findAppointment(manager, ctx.locationId, appointmentId, true);
    if (!before) throw notFound('appointment');
    if (before.status !== 'booked') throw new SchedulingRefusal(409, 'invalid-transition', `The appointment is ${before.status}; only a booked appointment can be moved.`);
    const request = {
      ...toBookingRequest(
        {
          clientId: before.client_id,
          therapistId: body.therapistId ?? before.therapist_id,
          serviceId: before.service_id,
          ...(body.roomId !== undefined ? { roomId: body.roomId } : {}),
          techniques: body.techniques ?? before.techniques,
          focusRegions: body.focusRegions ?? before.focus_regions,
          pressure: body.pressure ?? before.pressure,
        },
        body.startsAt,
      ),
      replacesAppointmentId: before.id,
    };
    await lockBookingResources(manager, request);
    const { context } = await loadBookingContext(manager, ctx.locationId, request);
    const decision = checkBooking(request, context);
    if (!decision.ok) throw bookingRefused(decision.refusals);

    const now = this.clock.now();
    await manager.query(
      `UPDATE appointment SET therapist_id = $2, room_id = $3, starts_at = $4, ends_at = $5, blocked_until = $6, techniques = $7, focus_regions = $8, pressure = $9, updated_at = $10
       WHERE id = $1`,
      [before.id, request.therapistId, decision.roomId, decision.span.start, decision.span.end, decision.span.blockedUntil, request.techniques, request.focusRegions, request.pressure, now],
    );
    const after = await findAppointment(manager, ctx.locationId, before.id);
    if (!after) throw new Error(`appointment ${before.id} vanished inside its transaction`);
    await this.outbox.enqueue(
      manager,
      AppointmentRescheduled,
      {
        ...appointmentEventBase(after),
        roomId: after.room_id,
        serviceId: after.service_id,
        startsAt: after.starts_at.toISOString(),
        endsAt: after.ends_at.toISOString(),
        techniques: after.techniques,
        focusRegions: after.focus_regions,
        pressure: after.pressure,
        previousStartsAt: before.starts_at.toISOString(),
        previousTherapistId: before.therapist_id,
        rescheduledAt: now.toISOString(),
      },
      { correlationId: ctx.correlationId },
    );
    await this.audit.record(manager, {
      actor: ctx.actor,
      action: 'write',
      operation: 'appointment.reschedule',
      resourceType: 'appointment',
      resourceId: after.id,
      clientId: after.client_id,
      locationId: ctx.locationId,
      outcome: 'allowed',
      correlationId: ctx.correlationId,
    });
    return toAppointmentResponse(after);
  }
}
