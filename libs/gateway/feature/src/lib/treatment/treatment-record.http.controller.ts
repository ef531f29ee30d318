import { INTAKE_ROUTES } from '@massage/intake-api';
import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { TREATMENT_ROUTES } from '@massage/treatment-api';
import { BadGatewayException, Controller, Get, Logger, Param, Req, Res } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditLog } from '../audit/audit-log';
import { LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { correlationIdOf } from '../http/correlation-id';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceClient, type UpstreamResponse } from '../http/service.client';
import type { ServiceTarget } from '../http/service.forwarder';
import { relay } from '../http/upstream-relay';
import { intakeTarget } from '../intake/intake-routes';
import { FhirRecordMergeError, mergeFhirRecord } from './fhir-record.merge';
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

const CLIENT = '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14';
const BASE = 'https://massage.example/fhir';
/** What the OpenAPI shows: the Patient intake holds, the intake's answers, then treatment's resources (shortened). */
const EXAMPLE = {
  resourceType: 'Bundle',
  type: 'collection',
  timestamp: '2026-03-20T12:00:00.000Z',
  entry: [
    {
      fullUrl: `${BASE}/Patient/${CLIENT}`,
      resource: { resourceType: 'Patient', id: CLIENT, identifier: [{ system: `${BASE}/sid/client`, value: CLIENT }], name: [{ use: 'official', family: 'Okafor', given: ['Maya'] }], birthDate: '1988-07-14' },
    },
    { fullUrl: `${BASE}/Practitioner/3b1d5f7a-2c4e-4a6b-8d0f-1e3a5c7e9b2d`, resource: { resourceType: 'Practitioner', id: '3b1d5f7a-2c4e-4a6b-8d0f-1e3a5c7e9b2d' } },
    {
      fullUrl: `${BASE}/QuestionnaireResponse/5e5e5e5e-0000-4000-8000-000000000001`,
      resource: {
        resourceType: 'QuestionnaireResponse',
        id: '5e5e5e5e-0000-4000-8000-000000000001',
        questionnaire: `${BASE}/Questionnaire/intake|intake-2026-11`,
        status: 'completed',
        subject: { reference: `Patient/${CLIENT}` },
        authored: '2026-03-01T16:20:00.000Z',
        item: [{ linkId: 'answers.pressurePreference', text: 'Which pressure do you prefer (P1 light lotioning … P5 deepest)?', answer: [{ valueCoding: { system: `${BASE}/CodeSystem/pressure-level`, code: 'P3' } }] }],
      },
    },
    {
      fullUrl: `${BASE}/Observation/9c1e-pain-1-before`,
      resource: { resourceType: 'Observation', id: '9c1e-pain-1-before', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] }, subject: { reference: `Patient/${CLIENT}` }, valueInteger: 6 },
    },
  ],
};

/**
 * A client's record as FHIR R4 (issue 9), composed here from its two owners (ADR 0023): intake's Patient (name,
 * birth date, contact unless erased) and a QuestionnaireResponse per intake, and treatment's Practitioner, CarePlan,
 * Goal, Encounter, Procedure and Observation (pain, LOINC 72514-3). Both are asked with the caller's assertion, under
 * the permission a note is read with (never front desk); the read is audit-logged once, whatever its outcome. A part
 * that fails fails the export (502/503): never a record without the client's name or answers.
 */
@ApiTags('session notes')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/clients/:clientId/record/fhir', version: '1' })
export class TreatmentRecordHttpController {
  private readonly logger = new Logger('FhirRecord');

  constructor(
    private readonly services: ServiceClient,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @RequirePermission('clinical-note:read', { clientParam: 'clientId' })
  @ApiOperation({
    summary: "The client's record as a FHIR R4 Bundle of type collection (`application/fhir+json`; audit-logged)",
    description:
      "One Bundle from two services: the Patient (name, birth date, contact unless erased) and a QuestionnaireResponse per completed intake (answers, goals, consent, the screening's codes) from intake; Practitioner, CarePlan, Goal, Encounter, Procedure and Observation (pain LOINC 72514-3, range of motion, PSFS) from treatment. References are relative (`Patient/<clientId>`) and resolve inside the bundle. If either service fails the whole export fails (502, or 503 when one is unreachable).",
  })
  @ApiOkResponse({
    description: 'Every resource validates against the R4 StructureDefinitions; drafts are left out.',
    content: { 'application/fhir+json': { schema: FHIR_BUNDLE, example: EXAMPLE } },
  })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  @ApiBadGatewayResponse({ description: 'Intake or treatment failed, timed out or answered something that is not the client\'s record.', ...problemResponse })
  @ApiServiceUnavailableResponse({ description: 'Intake or treatment is unreachable; try again shortly.', ...problemResponse })
  async export(@Param('locationId', LocationCodePipe) locationId: string, @Param('clientId', UuidParamPipe) clientId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    const actor = request.actor;
    if (!actor) throw new Error('forwarding a request the guard did not authenticate');
    const correlationId = correlationIdOf(request);
    const read = { action: 'record.fhir', clientId, actor, locationId, correlationId } as const;
    const ask = (target: ServiceTarget) => this.services.send(target.service, { method: 'GET', path: target.path, actor, correlationId });
    const upstream = await this.audit.read(read, async (): Promise<UpstreamResponse> => {
      const [treatment, intake] = await Promise.all([ask(treatmentTarget(TREATMENT_ROUTES.fhirRecord, { locationId, clientId })), ask(intakeTarget(INTAKE_ROUTES.clientFhirRecord, { locationId, clientId }))]);
      // A refusal (403, 404) of either is the caller's answer, as the service gave it.
      if (treatment.status >= 400) return treatment;
      if (intake.status >= 400) return intake;
      return { status: 200, contentType: 'application/fhir+json', body: JSON.stringify(this.merge(treatment, intake, clientId, correlationId)) };
    });
    relay(upstream, request, response);
  }

  private merge(treatment: UpstreamResponse, intake: UpstreamResponse, clientId: string, correlationId: string): unknown {
    try {
      return mergeFhirRecord(JSON.parse(treatment.body), JSON.parse(intake.body), clientId);
    } catch (error: unknown) {
      if (!(error instanceof FhirRecordMergeError || error instanceof SyntaxError)) throw error;
      this.logger.error(`the FHIR record of client ${clientId} could not be composed: ${error.message} (correlation ${correlationId})`);
      throw new BadGatewayException("The services' parts of the record could not be put together.");
    }
  }
}
