import { INTAKE_ROUTES, RegisterClientRequestDto } from '@massage/intake-api';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Caller } from '../auth/auth-token';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { IntakeForwarder } from './intake.forwarder';
import { ClientResponseDto } from './intake-responses.dto';

/** Clients of one location, registered and read through intake. Reads are audit-logged. */
@ApiTags('clients')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/clients', version: '1' })
export class ClientsHttpController {
  constructor(private readonly intake: IntakeForwarder) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a client at the location' })
  @ApiBody({ type: RegisterClientRequestDto })
  @ApiCreatedResponse({ type: ClientResponseDto })
  @ApiBadRequestResponse({ description: 'Malformed JSON, an unknown field or an invalid one (named in invalid-params).', ...problemResponse })
  @ApiPayloadTooLargeResponse({ description: 'Body larger than 64 kB.', ...problemResponse })
  async register(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Body() body: RegisterClientRequestDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.intake.write({ route: INTAKE_ROUTES.registerClient, locationId }, body, request, response);
  }

  @Get(':clientId')
  @ApiOperation({ summary: 'Read a client of the location (audit-logged)' })
  @ApiOkResponse({ type: ClientResponseDto })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  async get(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @CurrentCaller() caller: Caller,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.intake.read({ route: INTAKE_ROUTES.getClient, params: { clientId }, locationId }, { caller, action: 'client.read', clientId }, request, response);
  }
}
