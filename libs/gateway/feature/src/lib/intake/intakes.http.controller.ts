import { exampleSubmitIntakeRequest, INTAKE_ROUTES, SubmitIntakeRequestDto, type SubmitIntakeRequest } from '@massage/intake-api';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { IdempotentCreateApi, LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { intakeTarget } from './intake-routes';
import { IntakeListResponseDto, IntakeResponseDto } from './intake-responses.dto';

const DVT_EXAMPLE = ((): SubmitIntakeRequest => {
  const form = exampleSubmitIntakeRequest('2026-11-27T10:15:00Z');
  form.answers.conditions = [{ code: 'dvt', regions: ['left-calf'], qualifiers: [], treatmentStartedOn: '2026-03-01', treatmentEndedOn: '2026-09-01' }];
  form.answers.medications = [{ class: 'anticoagulant', name: 'apixaban' }];
  form.answers.pregnancy = { weeks: 20, riskFactors: [] };
  return form;
})();

/** A client's intake forms (health answers, pain, consent). Every read is audit-logged. */
@ApiTags('intakes')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/clients/:clientId/intakes', version: '1' })
export class IntakesHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Post()
  @RequirePermission('intake:submit')
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit a completed, signed intake form for a client' })
  @IdempotentCreateApi()
  @ApiBody({
    type: SubmitIntakeRequestDto,
    description: 'A full intake on the current form (v2): health answers as codes, regions and dates, goals, and consent signed against a versioned consent text.',
    examples: {
      'nothing to report': { value: exampleSubmitIntakeRequest('2026-11-27T10:15:00Z') },
      'treated DVT, on a blood thinner, pregnant': { value: DVT_EXAMPLE },
    },
  })
  @ApiCreatedResponse({ type: IntakeResponseDto })
  @ApiBadRequestResponse({
    description:
      'Malformed JSON, an unknown field or an invalid one (named in invalid-params: `formVersion` for an unknown or retired form, `answers.conditions.0.regions`, `consent.textVersion`…), or no consent. Nothing is stored.',
    ...problemResponse,
  })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  @ApiPayloadTooLargeResponse({ description: 'Body larger than 64 kB.', ...problemResponse })
  async submit(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Body() body: SubmitIntakeRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.write(intakeTarget(INTAKE_ROUTES.clientIntakes, { locationId, clientId }), body, request, response);
  }

  @Get()
  @RequirePermission('intake:read', { clientParam: 'clientId' })
  @ApiOperation({ summary: "List a client's intakes, latest first (audit-logged)" })
  @ApiOkResponse({ type: IntakeListResponseDto })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  async list(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.read(intakeTarget(INTAKE_ROUTES.clientIntakes, { locationId, clientId }), { action: 'intake.list', clientId }, request, response);
  }

  @Get(':intakeId')
  @RequirePermission('intake:read', { clientParam: 'clientId' })
  @ApiOperation({ summary: 'Read one intake of a client (audit-logged)' })
  @ApiOkResponse({ type: IntakeResponseDto })
  @ApiNotFoundResponse({ description: 'No such intake for this client at this location.', ...problemResponse })
  async get(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('intakeId', UuidParamPipe) intakeId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.read(intakeTarget(INTAKE_ROUTES.getIntake, { locationId, clientId, intakeId }), { action: 'intake.read', clientId, intakeId }, request, response);
  }
}
