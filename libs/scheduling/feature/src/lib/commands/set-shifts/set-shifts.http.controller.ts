import { Body, Controller, Param, Put } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { SetShiftsRequestDto, type TherapistResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { SetShiftsService } from './set-shifts.service';

@RequirePermission('staff:manage')
@Controller('locations/:locationId/therapists/:therapistId/shifts')
export class SetShiftsHttpController {
  constructor(private readonly service: SetShiftsService) {}

  /** `PUT …/therapists/:therapistId/shifts` → 200 TherapistResponse (this location's weekly shifts replaced). */
  @Put()
  set(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @Param('therapistId') therapistId: string,
    @Body() body: SetShiftsRequestDto,
  ): Promise<TherapistResponse> {
    return this.service.set({ locationId, correlationId, actor }, idFromPath(therapistId, 'therapist'), body);
  }
}
