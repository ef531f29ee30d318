import { Body, Controller, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { CancelAppointmentRequestDto, type AppointmentResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { CancelAppointmentService } from './cancel-appointment.service';

@RequirePermission('appointment:book')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/appointments')
export class CancelAppointmentHttpController {
  constructor(private readonly service: CancelAppointmentService) {}

  /** `POST …/appointments/:appointmentId/cancel` → 200 AppointmentResponse (`lateCancellation` set); 409 `invalid-transition` unless booked. */
  @Post(':appointmentId/cancel')
  @HttpCode(HttpStatus.OK)
  cancel(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @Param('appointmentId') appointmentId: string,
    @Body() body: CancelAppointmentRequestDto,
  ): Promise<AppointmentResponse> {
    return this.service.cancel({ locationId, correlationId, actor }, idFromPath(appointmentId, 'appointment'), body);
  }
}
