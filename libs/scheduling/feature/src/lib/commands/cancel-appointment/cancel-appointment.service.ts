import { Inject, Injectable } from '@nestjs/common';
import { AppointmentCancelled } from '@massage/contracts';
import type { AppointmentResponse, CancelAppointmentRequest } from '@massage/scheduling-api';
import { DataSource } from 'typeorm';
import { appointmentEventBase } from '../../appointments/appointment.row';
import { AppointmentTransitions } from '../../appointments/appointment-transition';
import type { CommandContext } from '../../http/request-context';
import { WaitlistJob } from '../../waitlist/waitlist.job';
import { CLOCK, type Clock } from '@massage/platform';

const MINUTE_MS = 60_000;

/** Late when cancelled less than the location's window before the start (or after it started). */
export function isLateCancellation(startsAt: Date, cancelledAt: Date, windowMinutes: number): boolean {
  return cancelledAt.getTime() > startsAt.getTime() - windowMinutes * MINUTE_MS;
}

/**
 * Cancels a booked appointment: its span is free again (the exclusion constraints skip cancelled rows), and the
 * cancellation is recorded as late or not by the location's policy window, for analysts. The freed slot (queued
 * by the database) is offered to the waitlist right after the commit: the waitlist job is poked, not waited for.
 */
@Injectable()
export class CancelAppointmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: AppointmentTransitions,
    private readonly waitlist: WaitlistJob,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async cancel(ctx: CommandContext, appointmentId: string, body: CancelAppointmentRequest): Promise<AppointmentResponse> {
    const [location] = (await this.dataSource.query(`SELECT cancellation_window_minutes FROM location WHERE id = $1`, [ctx.locationId])) as { cancellation_window_minutes: number }[];
    const windowMinutes = location?.cancellation_window_minutes ?? 0;
    const cancelled = await this.transitions.apply(ctx, appointmentId, this.clock.now(), {
      operation: 'appointment.cancel',
      from: ['booked'],
      to: 'cancelled',
      set: (row, now) => ({
        sql: 'cancelled_at = $3, late_cancellation = $4, cancellation_reason = $5',
        values: [isLateCancellation(row.starts_at, now, windowMinutes), body.reason],
      }),
      event: AppointmentCancelled,
      payload: (row, now) => ({
        ...appointmentEventBase(row),
        startsAt: row.starts_at.toISOString(),
        cancelledAt: now.toISOString(),
        lateCancellation: isLateCancellation(row.starts_at, now, windowMinutes),
        reason: body.reason,
      }),
    });
    this.waitlist.poke();
    return cancelled;
  }
}
