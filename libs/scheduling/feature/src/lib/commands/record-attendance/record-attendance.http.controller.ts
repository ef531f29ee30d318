import { Controller, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { AppointmentResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { RecordAttendanceService } from './record-attendance.service';

/** `POST …/appointments/:appointmentId/{check-in,complete,no-show}` → 200 AppointmentResponse; 409 `invalid-transition` from another status. */
@RequirePermission('appointment:book')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/appointments/:appointmentId')
export class RecordAttendanceHttpController {
  constructor(private readonly service: RecordAttendanceService) {}

  @Post('check-in')
  @HttpCode(HttpStatus.OK)
  checkIn(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @Param('appointmentId') id: string): Promise<AppointmentResponse> {
    return this.service.checkIn({ locationId, correlationId, actor }, idFromPath(id, 'appointment'));
  }

  @Post('complete')
  @HttpCode(HttpStatus.OK)
  complete(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @Param('appointmentId') id: string): Promise<AppointmentResponse> {
    return this.service.complete({ locationId, correlationId, actor }, idFromPath(id, 'appointment'));
  }

  /** 409 `not-started` before the appointment's start. */
  @Post('no-show')
  @HttpCode(HttpStatus.OK)
  recordNoShow(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @Param('appointmentId') id: string): Promise<AppointmentResponse> {
    return this.service.recordNoShow({ locationId, correlationId, actor }, idFromPath(id, 'appointment'));
  }
}
