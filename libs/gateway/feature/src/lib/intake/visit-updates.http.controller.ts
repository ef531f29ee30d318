import { INTAKE_ROUTES, VisitUpdateRequestDto, VisitUpdateResponseDto } from '@massage/intake-api';
import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IdempotentCreateApi, LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { intakeTarget } from './intake-routes';
import { SCREENING_TAG } from './screening.http.controller';

/** "Anything changed?" before every visit (issue 7): a new intake version from the last one, screened again. */
@ApiTags(SCREENING_TAG)
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/clients/:clientId/visit-updates', version: '1' })
export class VisitUpdatesHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Post()
  @RequirePermission('intake:submit')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record a visit update: what changed since the last intake, and the sections the last screening re-asks at every visit',
    description:
      "Today's symptoms are always asked. A DVT history, an anticoagulant or a pregnancy re-asks its sections at every visit: leaving one out is refused naming it. " +
      'The answer is the new intake version and its screening (outcome only for front desk).',
  })
  @IdempotentCreateApi()
  @ApiBody({
    type: VisitUpdateRequestDto,
    examples: {
      'nothing changed': { value: { changed: false, answers: { symptomsToday: [] } } },
      'still on an anticoagulant (re-asked every visit)': { value: { changed: false, answers: { symptomsToday: [], medications: [{ class: 'anticoagulant' }] } } },
      'a fever today': { value: { changed: true, answers: { symptomsToday: ['fever-last-48h'] } } },
    },
  })
  @ApiCreatedResponse({ type: VisitUpdateResponseDto })
  @ApiBadRequestResponse({ description: 'An invalid field or a re-asked section left out (named in invalid-params).', ...problemResponse })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  @ApiConflictResponse({ description: 'A full intake is needed first (none yet, consent lapsed, or its form is no longer current).', ...problemResponse })
  @ApiPayloadTooLargeResponse({ description: 'Body larger than 64 kB.', ...problemResponse })
  async update(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Body() body: VisitUpdateRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.write(intakeTarget(INTAKE_ROUTES.clientVisitUpdates, { locationId, clientId }), body, request, response);
  }
}
