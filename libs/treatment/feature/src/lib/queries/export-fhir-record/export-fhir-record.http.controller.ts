import { Controller, Get, Header } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { Bundle } from '@medplum/fhirtypes';
import { Command, type CommandContext } from '../../http/request-context';
import { ExportFhirRecordService } from './export-fhir-record.service';

/** The record includes the signed notes: it is read under `clinical-note:read` (never front desk). */
@RequirePermission('clinical-note:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/record/fhir')
export class ExportFhirRecordHttpController {
  constructor(private readonly service: ExportFhirRecordService) {}

  /** `GET …/clients/:clientId/record/fhir` → 200 a FHIR R4 Bundle (`application/fhir+json`). */
  @Get()
  @Header('content-type', 'application/fhir+json')
  export(@Command() ctx: CommandContext): Promise<Bundle> {
    return this.service.export(ctx);
  }
}
