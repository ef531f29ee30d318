import { Body, Controller, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { RescheduleAppointmentRequestDto, type AppointmentResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { RescheduleAppointmentService } from './reschedule-appointment.service';

@RequirePermission('appointment:book')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/appointments')
export class RescheduleAppointmentHttpController {
  constructor(private readonly service: RescheduleAppointmentService) {}

  /** `POST …/appointments/:appointmentId/reschedule` → 200 AppointmentResponse; refusals as for booking, and 409 `invalid-transition` unless booked. */
  @Post(':appointmentId/reschedule')
  @HttpCode(HttpStatus.OK)
  reschedule(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @Param('appointmentId') appointmentId: string,
    @Body() body: RescheduleAppointmentRequestDto,
  ): Promise<AppointmentResponse> {
    return this.service.reschedule({ locationId, correlationId, actor }, idFromPath(appointmentId, 'appointment'), body);
  }
}
