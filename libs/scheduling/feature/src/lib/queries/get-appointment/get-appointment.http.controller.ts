import { Controller, Get, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { AppointmentResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { GetAppointmentService } from './get-appointment.service';

@RequirePermission('appointment:read')
@Controller('locations/:locationId/appointments')
export class GetAppointmentHttpController {
  constructor(private readonly service: GetAppointmentService) {}

  /** `GET /locations/:locationId/appointments/:appointmentId` → 200 AppointmentResponse; 404 when missing or another location's. */
  @Get(':appointmentId')
  get(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @Param('appointmentId') appointmentId: string): Promise<AppointmentResponse> {
    return this.service.get({ locationId, correlationId, actor }, idFromPath(appointmentId, 'appointment'));
  }
}
