import { INTAKE_ROUTES, ScreeningListResponseDto, ScreeningOutcomeResponseDto, ScreeningResponseDto } from '@massage/intake-api';
import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { intakeTarget } from './intake-routes';

export const SCREENING_TAG = 'screening';

/**
 * A client's contraindication screening (issue 7). Every role that may see the outcome reaches these routes
 * (`screening-outcome:read`); intake shapes the answer by role: front desk gets the outcome only, therapists in care,
 * managers and HQ (`screening:read`) the rules and restrictions behind it. Every read is audit-logged.
 */
@ApiTags(SCREENING_TAG)
@LocationScopedApi()
@ApiExtraModels(ScreeningResponseDto, ScreeningOutcomeResponseDto)
@Controller({ path: 'locations/:locationId/clients/:clientId', version: '1' })
export class ScreeningHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Get('screening')
  @RequirePermission('screening-outcome:read', { clientParam: 'clientId' })
  @ApiOperation({
    summary: "The client's latest screening (audit-logged)",
    description:
      'Front desk sees the outcome only (`deferred`, `clearance-required`, `restricted`, `modified`, `cleared`); therapists in care, managers and hq-admin ' +
      'also see each restriction: its rule, kind, techniques, regions, pressure cap, positioning, what triggered it and the clearance satisfying it. ' +
      'Every result names the rule-table version it used.',
  })
  @ApiOkResponse({
    description: 'ScreeningResponse, or ScreeningOutcomeResponse for front desk.',
    schema: { oneOf: [{ $ref: getSchemaPath(ScreeningResponseDto) }, { $ref: getSchemaPath(ScreeningOutcomeResponseDto) }] },
  })
  @ApiNotFoundResponse({ description: 'No such client at this location, or no screening yet (no intake).', ...problemResponse })
  async latest(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.read(intakeTarget(INTAKE_ROUTES.clientScreening, { locationId, clientId }), { action: 'screening.read', clientId }, request, response);
  }

  @Get('screenings')
  @RequirePermission('screening-outcome:read', { clientParam: 'clientId' })
  @ApiOperation({ summary: "Every screening of the client, latest first (outcome only for front desk; audit-logged)" })
  @ApiOkResponse({ type: ScreeningListResponseDto })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  async history(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.read(intakeTarget(INTAKE_ROUTES.clientScreenings, { locationId, clientId }), { action: 'screening.list', clientId }, request, response);
  }
}
