import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { TREATMENT_ROUTES } from '@massage/treatment-api';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { treatmentTarget } from './treatment-routes';

/** A FHIR R4 collection Bundle, as documented (the resources are FHIR's own: not restated here). */
const FHIR_BUNDLE = {
  type: 'object',
  required: ['resourceType', 'type', 'entry'],
  properties: {
    resourceType: { type: 'string', enum: ['Bundle'] },
    type: { type: 'string', enum: ['collection'] },
    timestamp: { type: 'string', format: 'date-time' },
    entry: { type: 'array', items: { type: 'object', properties: { fullUrl: { type: 'string' }, resource: { type: 'object', additionalProperties: true } } } },
  },
};

/**
 * A client's treatment record as FHIR R4 (issue 9): Patient, Practitioner, the intake as a QuestionnaireResponse,
 * plans as CarePlan and Goal, signed sessions as Encounter, Procedure and Observation (pain, LOINC 72514-3). It
 * holds the signed notes, so it is read as a note is: never by the front desk; audit-logged.
 */
@ApiTags('session notes')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/clients/:clientId/record/fhir', version: '1' })
export class TreatmentRecordHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Get()
  @RequirePermission('clinical-note:read', { clientParam: 'clientId' })
  @ApiOperation({ summary: "The client's treatment record as a FHIR R4 Bundle of type collection (`application/fhir+json`; audit-logged)" })
  @ApiOkResponse({
    description: 'Every resource validates against the R4 StructureDefinitions; drafts are left out.',
    content: { 'application/fhir+json': { schema: FHIR_BUNDLE, example: { resourceType: 'Bundle', type: 'collection', timestamp: '2026-03-20T12:00:00.000Z', entry: [{ fullUrl: 'urn:uuid:6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14', resource: { resourceType: 'Patient', id: '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14' } }] } } },
  })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  async export(@Param('locationId', LocationCodePipe) locationId: string, @Param('clientId', UuidParamPipe) clientId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.read(treatmentTarget(TREATMENT_ROUTES.fhirRecord, { locationId, clientId }), { action: 'record.fhir', clientId }, request, response);
  }
}
