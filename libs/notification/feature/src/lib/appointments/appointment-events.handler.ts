import {
  AppointmentBooked,
  AppointmentCancelled,
  AppointmentRescheduled,
  type AppointmentBookedV1,
  type AppointmentCancelledV1,
  type AppointmentRescheduledV1,
} from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AppointmentMessagesService } from './appointment-messages.service';

/**
 * Scheduling's appointment events, each applied once through the inbox, in its transaction: a booking is confirmed
 * and its reminders scheduled, a reschedule moves them (and is announced), a cancellation cancels them (and is
 * announced). Other appointment events on the topic (check-in, completion, no-show) have no handler here.
 */
@Controller()
export class AppointmentEventsHandler {
  constructor(private readonly messages: AppointmentMessagesService) {}

  @EventPattern(AppointmentBooked.type)
  booked(@Payload() e: AppointmentBookedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.messages.booked(ctx.manager, e, ctx.envelope);
  }

  @EventPattern(AppointmentRescheduled.type)
  rescheduled(@Payload() e: AppointmentRescheduledV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.messages.rescheduled(ctx.manager, e, ctx.envelope);
  }

  @EventPattern(AppointmentCancelled.type)
  cancelled(@Payload() e: AppointmentCancelledV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.messages.cancelled(ctx.manager, e, ctx.envelope);
  }
}
