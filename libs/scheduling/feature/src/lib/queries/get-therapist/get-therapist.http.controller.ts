import { Controller, Get, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { TherapistResponse } from '@massage/scheduling-api';
import { CallerLocation, idFromPath } from '../../http/request-context';
import { GetTherapistService } from './get-therapist.service';

@RequirePermission('staff:read')
@Controller('locations/:locationId/therapists')
export class GetTherapistHttpController {
  constructor(private readonly service: GetTherapistService) {}

  /** `GET /locations/:locationId/therapists/:therapistId` → 200 TherapistResponse; 404 when not at this location. */
  @Get(':therapistId')
  get(@CallerLocation() locationId: string, @Param('therapistId') therapistId: string): Promise<TherapistResponse> {
    return this.service.get(locationId, idFromPath(therapistId, 'therapist'));
  }
}
