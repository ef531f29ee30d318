import { Inject, Injectable } from '@nestjs/common';
import { AppointmentCompleted, ClientCheckedIn, NoShowRecorded } from '@massage/contracts';
import type { AppointmentResponse } from '@massage/scheduling-api';
import { appointmentEventBase, type AppointmentRow } from '../../appointments/appointment.row';
import { AppointmentTransitions } from '../../appointments/appointment-transition';
import type { CommandContext } from '../../http/request-context';
import { SchedulingRefusal } from '../../http/scheduling-refusal';
import { CLOCK, type Clock } from '@massage/platform';

const moment = (row: AppointmentRow) => ({ ...appointmentEventBase(row), startsAt: row.starts_at.toISOString() });

/**
 * The appointment's day at the front desk: the client checks in (booked → checked-in), the session takes place
 * (checked-in → completed), or the client does not come (booked → no-show, only once it has started; the span
 * is free again).
 */
@Injectable()
export class RecordAttendanceService {
  constructor(
    private readonly transitions: AppointmentTransitions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  checkIn(ctx: CommandContext, appointmentId: string): Promise<AppointmentResponse> {
    return this.transitions.apply(ctx, appointmentId, this.clock.now(), {
      operation: 'appointment.check-in',
      from: ['booked'],
      to: 'checked-in',
      set: () => ({ sql: 'checked_in_at = $3', values: [] }),
      event: ClientCheckedIn,
      payload: (row, now) => ({ ...moment(row), checkedInAt: now.toISOString() }),
    });
  }

  complete(ctx: CommandContext, appointmentId: string): Promise<AppointmentResponse> {
    return this.transitions.apply(ctx, appointmentId, this.clock.now(), {
      operation: 'appointment.complete',
      from: ['checked-in'],
      to: 'completed',
      set: () => ({ sql: 'completed_at = $3', values: [] }),
      event: AppointmentCompleted,
      payload: (row, now) => ({ ...moment(row), completedAt: now.toISOString() }),
    });
  }

  recordNoShow(ctx: CommandContext, appointmentId: string): Promise<AppointmentResponse> {
    return this.transitions.apply(ctx, appointmentId, this.clock.now(), {
      operation: 'appointment.no-show',
      from: ['booked'],
      to: 'no-show',
      guard: (row, now) => (now < row.starts_at ? new SchedulingRefusal(409, 'not-started', 'A no-show can be recorded only once the appointment has started.') : undefined),
      set: () => ({ sql: 'no_show_at = $3', values: [] }),
      event: NoShowRecorded,
      payload: (row, now) => ({ ...moment(row), recordedAt: now.toISOString() }),
    });
  }
}
