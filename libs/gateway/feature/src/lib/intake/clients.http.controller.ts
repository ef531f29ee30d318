import { EraseClientContactRequestDto, INTAKE_ROUTES, RegisterClientRequestDto } from '@massage/intake-api';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { IdempotentCreateApi, LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { AccessLogResponseDto } from './access-log-responses.dto';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { intakeTarget } from './intake-routes';
import { ClientResponseDto } from './intake-responses.dto';

/** Clients of one location, registered and read through intake. Reads are audit-logged. */
@ApiTags('clients')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/clients', version: '1' })
export class ClientsHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Post()
  @RequirePermission('client:register')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a client at the location' })
  @IdempotentCreateApi()
  @ApiBody({ type: RegisterClientRequestDto })
  @ApiCreatedResponse({ type: ClientResponseDto })
  @ApiBadRequestResponse({ description: 'Malformed JSON, an unknown field or an invalid one (named in invalid-params).', ...problemResponse })
  @ApiPayloadTooLargeResponse({ description: 'Body larger than 64 kB.', ...problemResponse })
  async register(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Body() body: RegisterClientRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.write(intakeTarget(INTAKE_ROUTES.registerClient, { locationId }), body, request, response);
  }

  @Get(':clientId')
  @RequirePermission('client:read', { clientParam: 'clientId' })
  @ApiOperation({ summary: 'Read a client of the location (audit-logged)' })
  @ApiOkResponse({ type: ClientResponseDto })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  async get(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.read(intakeTarget(INTAKE_ROUTES.getClient, { locationId, clientId }), { action: 'client.read', clientId }, request, response);
  }

  @Post(':clientId/contact-erasure')
  @RequirePermission('client:erase-contact', { clientParam: 'clientId' })
  @HttpCode(200)
  @ApiOperation({ summary: "Erase the client's e-mail and phone on request (managers and hq-admin; name, birth date and intakes are kept, ADR 0010)" })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Required on every POST (400 when missing). Erasing again changes nothing.' })
  @ApiBody({ type: EraseClientContactRequestDto })
  @ApiOkResponse({ type: ClientResponseDto })
  @ApiBadRequestResponse({ description: 'An unknown reason (named in invalid-params).', ...problemResponse })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  async eraseContact(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Body() body: EraseClientContactRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.write(intakeTarget(INTAKE_ROUTES.eraseClientContact, { locationId, clientId }), body, request, response);
  }

  @Get(':clientId/access-log')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: "Who read or wrote this client's record, refusals included (managers and hq-admin)" })
  @ApiQuery({ name: 'before', required: false, type: Number, description: 'Page back: the `nextBefore` of the previous page.' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: 'Entries per page, 1–200 (default 50).' })
  @ApiOkResponse({ type: AccessLogResponseDto })
  @ApiBadRequestResponse({ description: 'A malformed `before` or `limit` (named in invalid-params).', ...problemResponse })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  async accessLog(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Query('before') before: string | undefined,
    @Query('limit') limit: string | undefined,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    const target = intakeTarget(INTAKE_ROUTES.clientAccessLog, { locationId, clientId });
    // Intake validates the paging values; they are passed on only as query parameters, encoded.
    const query = new URLSearchParams({ ...(before !== undefined ? { before } : {}), ...(limit !== undefined ? { limit } : {}) }).toString();
    await this.forwarder.query({ ...target, path: query ? `${target.path}?${query}` : target.path }, request, response);
  }
}
