import { Body, Controller, Param, Put } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { RecordLicenceRequestDto, type TherapistResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { RecordLicenceService } from './record-licence.service';

@RequirePermission('staff:manage')
@Controller('locations/:locationId/therapists/:therapistId/licence')
export class RecordLicenceHttpController {
  constructor(private readonly service: RecordLicenceService) {}

  /** `PUT …/therapists/:therapistId/licence` → 200 TherapistResponse (the licence of that jurisdiction replaced). */
  @Put()
  record(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @Param('therapistId') therapistId: string,
    @Body() body: RecordLicenceRequestDto,
  ): Promise<TherapistResponse> {
    return this.service.record({ locationId, correlationId, actor }, idFromPath(therapistId, 'therapist'), body);
  }
}
