import { Controller, Get, Header, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import type { Bundle } from '@medplum/fhirtypes';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { ExportFhirRecordService } from './export-fhir-record.service';

/**
 * Read under `clinical-note:read`, as treatment's part of the same record is (never front desk; a therapist only in
 * care): the gateway asks both services with the caller's assertion and merges the answers (ADR 0023).
 */
@RequirePermission('clinical-note:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/fhir-record')
export class ExportFhirRecordHttpController {
  constructor(private readonly service: ExportFhirRecordService) {}

  /** `GET /locations/:locationId/clients/:clientId/fhir-record` → 200 a FHIR R4 Bundle (`application/fhir+json`); 404 when missing or another location's. */
  @Get()
  @Header('content-type', 'application/fhir+json')
  export(@CallerLocation() locationId: string, @RequestActor() actor: Actor, @CorrelationId() correlationId: string, @Param('clientId') clientId: string): Promise<Bundle> {
    return this.service.export({ actor, locationId, correlationId }, idFromPath(clientId, 'client'));
  }
}
