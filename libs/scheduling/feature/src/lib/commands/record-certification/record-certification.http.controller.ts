import { Body, Controller, Param, Put } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { RecordCertificationRequestDto, type TherapistResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { RecordCertificationService, techniqueFromPath } from './record-certification.service';

@RequirePermission('staff:manage')
@Controller('locations/:locationId/therapists/:therapistId/certifications')
export class RecordCertificationHttpController {
  constructor(private readonly service: RecordCertificationService) {}

  /** `PUT …/therapists/:therapistId/certifications/:technique` → 200 TherapistResponse; 400 naming `technique` for an unknown one. */
  @Put(':technique')
  record(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @Param('therapistId') therapistId: string,
    @Param('technique') technique: string,
    @Body() body: RecordCertificationRequestDto,
  ): Promise<TherapistResponse> {
    return this.service.record({ locationId, correlationId, actor }, idFromPath(therapistId, 'therapist'), techniqueFromPath(technique), body);
  }
}
