import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  AppointmentBooked,
  AppointmentCancelled,
  AppointmentRescheduled,
  NoShowRecorded,
  TherapistRegistered,
  type AppointmentBookedV1,
  type AppointmentCancelledV1,
  type AppointmentRescheduledV1,
  type NoShowRecordedV1,
  type TherapistRegisteredV1,
} from '@massage/contracts';
import type { ReliableEventContext } from '@massage/messaging';
import { CareRelationshipProjection } from './care-relationship.projection';

/**
 * Scheduling's events that make or end care, mapped to the projection in the consumer's transaction (the inbox
 * row's): a service lists it among its controllers (with careRelationshipProviders) and consumes
 * `scheduling.appointments.v1` and `scheduling.therapists.v1` has nothing else to write.
 */
@Controller()
export class CareRelationshipEventsHandler {
  constructor(private readonly projection: CareRelationshipProjection) {}

  @EventPattern(TherapistRegistered.type)
  therapistRegistered(@Payload() e: TherapistRegisteredV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.projection.therapistRegistered(ctx.manager, e);
  }

  @EventPattern(AppointmentBooked.type)
  booked(@Payload() e: AppointmentBookedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.projection.appointmentBooked(ctx.manager, e);
  }

  @EventPattern(AppointmentRescheduled.type)
  rescheduled(@Payload() e: AppointmentRescheduledV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.projection.appointmentRescheduled(ctx.manager, e);
  }

  @EventPattern(AppointmentCancelled.type)
  cancelled(@Payload() e: AppointmentCancelledV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.projection.appointmentCancelled(ctx.manager, e);
  }

  @EventPattern(NoShowRecorded.type)
  noShow(@Payload() e: NoShowRecordedV1, @Ctx() ctx: ReliableEventContext): Promise<void> {
    return this.projection.noShowRecorded(ctx.manager, e);
  }
}
