import { INTAKE_ROUTES, SubmitIntakeRequestDto } from '@massage/intake-api';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Caller } from '../auth/auth-token';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { IntakeForwarder } from './intake.forwarder';
import { IntakeListResponseDto, IntakeResponseDto } from './intake-responses.dto';

/** A client's intake forms (health history, pain, consent). Every read is audit-logged. */
@ApiTags('intakes')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/clients/:clientId/intakes', version: '1' })
export class IntakesHttpController {
  constructor(private readonly intake: IntakeForwarder) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit a completed, signed intake form for a client' })
  @ApiBody({ type: SubmitIntakeRequestDto })
  @ApiCreatedResponse({ type: IntakeResponseDto })
  @ApiBadRequestResponse({ description: 'Malformed JSON, an unknown field or an invalid one (named in invalid-params), or no consent.', ...problemResponse })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  @ApiPayloadTooLargeResponse({ description: 'Body larger than 64 kB.', ...problemResponse })
  async submit(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Body() body: SubmitIntakeRequestDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.intake.write({ route: INTAKE_ROUTES.clientIntakes, params: { clientId }, locationId }, body, request, response);
  }

  @Get()
  @ApiOperation({ summary: "List a client's intakes, latest first (audit-logged)" })
  @ApiOkResponse({ type: IntakeListResponseDto })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  async list(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @CurrentCaller() caller: Caller,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.intake.read({ route: INTAKE_ROUTES.clientIntakes, params: { clientId }, locationId }, { caller, action: 'intake.list', clientId }, request, response);
  }

  @Get(':intakeId')
  @ApiOperation({ summary: 'Read one intake of a client (audit-logged)' })
  @ApiOkResponse({ type: IntakeResponseDto })
  @ApiNotFoundResponse({ description: 'No such intake for this client at this location.', ...problemResponse })
  async get(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('intakeId', UuidParamPipe) intakeId: string,
    @CurrentCaller() caller: Caller,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.intake.read({ route: INTAKE_ROUTES.getIntake, params: { clientId, intakeId }, locationId }, { caller, action: 'intake.read', clientId, intakeId }, request, response);
  }
}
