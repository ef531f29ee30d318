import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { AddClosureRequestDto, AddRoomRequestDto, AddServiceRequestDto, CreateLocationRequestDto, SCHEDULING_ROUTES } from '@massage/scheduling-api';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { FranchiseWideApi, IdempotentCreateApi, LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { schedulingFranchiseTarget, schedulingTarget } from './scheduling-routes';
import { refusalResponse, SchedulingRefusalsApi } from './scheduling-api-docs';
import { LocationResponseDto, RoomResponseDto, ServiceResponseDto } from './scheduling-responses.dto';

export const LOCATIONS_TAG = 'locations';
const INVALID = { description: 'An invalid or unknown field (named in invalid-params).', ...problemResponse };
const NO_LOCATION = { description: 'No such location.', ...problemResponse };
const CODE_TAKEN = refusalResponse('`code-taken`: a room or service with this code exists, or a closure starts the same day as another. A retry with the same Idempotency-Key and body answers the first response instead.');

const WEEKDAYS_9_TO_7 = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((weekday) => ({ weekday, windows: [{ from: '09:00', to: '19:00' }] }));

/**
 * Opening a location (issue 8): HQ only. The route names no location (the body does), so only a grant for every
 * location reaches it (docs/security.md); other services learn of it from `LocationOpened`.
 */
@ApiTags(LOCATIONS_TAG)
@FranchiseWideApi()
@SchedulingRefusalsApi()
@Controller({ path: 'locations', version: '1' })
export class LocationsHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Post()
  @RequirePermission('location:manage', { locationParam: null })
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a location (hq-admin): its code, IANA time zone, licence jurisdiction, weekly opening hours and known closures' })
  @IdempotentCreateApi()
  @ApiBody({
    type: CreateLocationRequestDto,
    examples: {
      toronto: {
        value: {
          code: 'downtown-toronto',
          name: 'Downtown Toronto',
          timeZone: 'America/Toronto',
          jurisdiction: 'CA-ON',
          openingHours: [...WEEKDAYS_9_TO_7, { weekday: 'saturday', windows: [{ from: '10:00', to: '13:00' }, { from: '14:00', to: '18:00' }] }],
          closures: [{ from: '2026-12-25', to: '2026-12-26', reason: 'holiday' }],
          cancellationWindowMinutes: 1440,
        },
      },
      london: { value: { code: 'london-soho', name: 'London Soho', timeZone: 'Europe/London', jurisdiction: 'GB', openingHours: WEEKDAYS_9_TO_7 } },
    },
  })
  @ApiCreatedResponse({ type: LocationResponseDto })
  @ApiBadRequestResponse({ description: 'An invalid field (named in invalid-params): an unknown time zone, windows out of order, …', ...problemResponse })
  @ApiConflictResponse(refusalResponse('`location-exists`: the code is in use. A retry with the same Idempotency-Key and body answers the first response instead.'))
  async create(@Body() body: CreateLocationRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(schedulingFranchiseTarget(SCHEDULING_ROUTES.locations), body, request, response);
  }
}

/**
 * A location's calendar: everyone working there reads it (`availability:read`); its manager and HQ add rooms, the
 * service catalogue and closures (`location:configure`).
 */
@ApiTags(LOCATIONS_TAG)
@LocationScopedApi()
@SchedulingRefusalsApi()
@Controller({ path: 'locations/:locationId', version: '1' })
export class LocationConfigurationHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Get()
  @RequirePermission('availability:read')
  @ApiOperation({ summary: 'The location: time zone, opening hours, closures, rooms and service catalogue' })
  @ApiOkResponse({ type: LocationResponseDto })
  @ApiNotFoundResponse(NO_LOCATION)
  async get(@Param('locationId', LocationCodePipe) locationId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.query(schedulingTarget(SCHEDULING_ROUTES.location, { locationId }), request, response);
  }

  @Post('rooms')
  @RequirePermission('location:configure')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a room and its equipment' })
  @IdempotentCreateApi()
  @ApiBody({
    type: AddRoomRequestDto,
    examples: { 'prenatal room': { value: { code: 'room-2', name: 'Room 2 (garden side)', equipment: ['prenatal-table'] } }, 'plain room': { value: { code: 'room-1', name: 'Room 1', equipment: [] } } },
  })
  @ApiCreatedResponse({ type: RoomResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NO_LOCATION)
  @ApiConflictResponse(CODE_TAKEN)
  async addRoom(@Param('locationId', LocationCodePipe) locationId: string, @Body() body: AddRoomRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(schedulingTarget(SCHEDULING_ROUTES.rooms, { locationId }), body, request, response);
  }

  @Post('services')
  @RequirePermission('location:configure')
  @HttpCode(201)
  @ApiOperation({ summary: "Add a service to the location's catalogue: duration, clean-up buffer, the techniques it may use, the equipment it needs" })
  @IdempotentCreateApi()
  @ApiBody({
    type: AddServiceRequestDto,
    examples: {
      'deep tissue': { value: { code: 'deep-tissue-60', name: 'Deep tissue, 60 minutes', durationMinutes: 60, bufferMinutes: 15, techniques: ['deep-tissue', 'trigger-point'], requiredEquipment: [] } },
      prenatal: { value: { code: 'prenatal-60', name: 'Prenatal, 60 minutes', durationMinutes: 60, bufferMinutes: 15, techniques: ['prenatal', 'swedish'], requiredEquipment: ['prenatal-table'] } },
    },
  })
  @ApiCreatedResponse({ type: ServiceResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NO_LOCATION)
  @ApiConflictResponse(CODE_TAKEN)
  async addService(@Param('locationId', LocationCodePipe) locationId: string, @Body() body: AddServiceRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(schedulingTarget(SCHEDULING_ROUTES.services, { locationId }), body, request, response);
  }

  @Post('closures')
  @RequirePermission('location:configure')
  @HttpCode(201)
  @ApiOperation({ summary: 'Close the location for whole local days (a holiday: from = to); no slot is offered on them' })
  @IdempotentCreateApi()
  @ApiBody({ type: AddClosureRequestDto, examples: { 'Christmas and Boxing Day': { value: { from: '2026-12-25', to: '2026-12-26', reason: 'holiday' } } } })
  @ApiCreatedResponse({ type: LocationResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NO_LOCATION)
  @ApiConflictResponse(CODE_TAKEN)
  async addClosure(@Param('locationId', LocationCodePipe) locationId: string, @Body() body: AddClosureRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(schedulingTarget(SCHEDULING_ROUTES.closures, { locationId }), body, request, response);
  }
}
