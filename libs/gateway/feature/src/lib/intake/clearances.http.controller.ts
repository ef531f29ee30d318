import {
  ClearanceChangeResponseDto,
  ClearanceListResponseDto,
  ClearanceResponseDto,
  INTAKE_ROUTES,
  RecordClearanceDirectRequestDto,
  RecordClearanceRequestDto,
  RequestClearanceRequestDto,
  RevokeClearanceRequestDto,
} from '@massage/intake-api';
import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IdempotentCreateApi, LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { intakeTarget } from './intake-routes';

const CLEARANCES_TAG = 'clearances';
const NO_CLIENT = { description: 'No such client (or clearance) at this location.', ...problemResponse };
const INVALID = { description: 'An invalid field (named in invalid-params): a rule without a CLEARANCE effect in the table in effect, an expiry too far ahead, …', ...problemResponse };

/**
 * A physician's clearance for a client (issue 7): requested (notification sends the letter), recorded (which
 * re-screens the client), expired by intake's job, or revoked. Health data: therapists in care, managers and HQ
 * (docs/security.md); front desk sees only the screening outcome. Reads are audit-logged.
 */
@ApiTags(CLEARANCES_TAG)
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/clients/:clientId/clearances', version: '1' })
export class ClearancesHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Post()
  @RequirePermission('clearance:request', { clientParam: 'clientId' })
  @HttpCode(201)
  @ApiOperation({ summary: "Ask the client's physician for a clearance, for rules of the table in effect and a scope" })
  @IdempotentCreateApi()
  @ApiBody({
    type: RequestClearanceRequestDto,
    examples: {
      'after surgery': { value: { rules: ['SURG'], providerName: 'Dr. Grace Hopper, Toronto General', providerContact: 'fax +1 416 555 0100', techniques: 'all', sites: ['right-knee'], maxPressure: 'P3' } },
    },
  })
  @ApiCreatedResponse({ type: ClearanceResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NO_CLIENT)
  async request(@Param('locationId', LocationCodePipe) locationId: string, @Param('clientId', UuidParamPipe) clientId: string, @Body() body: RequestClearanceRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(intakeTarget(INTAKE_ROUTES.clientClearances, { locationId, clientId }), body, request, response);
  }

  @Post('recorded')
  @RequirePermission('clearance:record', { clientParam: 'clientId' })
  @HttpCode(201)
  @ApiOperation({ summary: "Record a physician's letter brought in without a request: the client is screened again" })
  @IdempotentCreateApi()
  @ApiBody({
    type: RecordClearanceDirectRequestDto,
    examples: {
      'surgical site cleared': { value: { rules: ['SURG'], providerName: 'Dr. Grace Hopper, Toronto General', techniques: 'all', sites: ['right-knee'], maxPressure: 'P3', documentRef: 'dms://letters/2026/000123' } },
    },
  })
  @ApiCreatedResponse({ type: ClearanceChangeResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NO_CLIENT)
  async recordDirect(@Param('locationId', LocationCodePipe) locationId: string, @Param('clientId', UuidParamPipe) clientId: string, @Body() body: RecordClearanceDirectRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(intakeTarget(INTAKE_ROUTES.recordedClearances, { locationId, clientId }), body, request, response);
  }

  @Get()
  @RequirePermission('clearance:read', { clientParam: 'clientId' })
  @ApiOperation({ summary: "The client's clearances, newest first (audit-logged)" })
  @ApiOkResponse({ type: ClearanceListResponseDto })
  @ApiNotFoundResponse(NO_CLIENT)
  async list(@Param('locationId', LocationCodePipe) locationId: string, @Param('clientId', UuidParamPipe) clientId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.read(intakeTarget(INTAKE_ROUTES.clientClearances, { locationId, clientId }), { action: 'clearance.list', clientId }, request, response);
  }

  @Get(':clearanceId')
  @RequirePermission('clearance:read', { clientParam: 'clientId' })
  @ApiOperation({ summary: 'One clearance of the client (audit-logged)' })
  @ApiOkResponse({ type: ClearanceResponseDto })
  @ApiNotFoundResponse(NO_CLIENT)
  async get(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('clearanceId', UuidParamPipe) clearanceId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.read(intakeTarget(INTAKE_ROUTES.clearance, { locationId, clientId, clearanceId }), { action: 'clearance.read', clientId, clearanceId }, request, response);
  }

  @Post(':clearanceId/record')
  @RequirePermission('clearance:record', { clientParam: 'clientId' })
  @HttpCode(200)
  @ApiOperation({ summary: "Record the physician's answer to a request: the client is screened again" })
  @IdempotentCreateApi()
  @ApiBody({
    type: RecordClearanceRequestDto,
    examples: { 'cleared with a cap': { value: { techniques: 'all', sites: ['right-knee'], maxPressure: 'P3', positioning: [], documentRef: 'dms://letters/2026/000123' } } },
  })
  @ApiOkResponse({ type: ClearanceChangeResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NO_CLIENT)
  @ApiConflictResponse({ description: 'The clearance is not `requested` (already recorded, expired or revoked). A retry with the same Idempotency-Key and body answers the first response instead.', ...problemResponse })
  async record(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('clearanceId', UuidParamPipe) clearanceId: string,
    @Body() body: RecordClearanceRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.write(intakeTarget(INTAKE_ROUTES.recordClearance, { locationId, clientId, clearanceId }), body, request, response);
  }

  @Post(':clearanceId/revoke')
  @RequirePermission('clearance:revoke', { clientParam: 'clientId' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a recorded clearance (managers and HQ): it counts as none from now on and the client is screened again' })
  @IdempotentCreateApi()
  @ApiBody({ type: RevokeClearanceRequestDto, examples: { 'condition changed': { value: { reason: 'condition-changed' } } } })
  @ApiOkResponse({ type: ClearanceChangeResponseDto })
  @ApiBadRequestResponse({ description: 'An unknown reason (named in invalid-params).', ...problemResponse })
  @ApiNotFoundResponse(NO_CLIENT)
  @ApiConflictResponse({ description: 'The clearance is not recorded, or has already expired. A retry with the same Idempotency-Key and body answers the first response instead.', ...problemResponse })
  async revoke(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('clearanceId', UuidParamPipe) clearanceId: string,
    @Body() body: RevokeClearanceRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.write(intakeTarget(INTAKE_ROUTES.revokeClearance, { locationId, clientId, clearanceId }), body, request, response);
  }
}
