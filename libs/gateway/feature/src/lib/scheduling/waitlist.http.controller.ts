import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { JoinWaitlistRequestDto, SCHEDULING_ROUTES, schedulingProblemType } from '@massage/scheduling-api';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { IdempotentCreateApi, LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { refusalResponse, SchedulingRefusalsApi } from './scheduling-api-docs';
import { AppointmentResponseDto } from './scheduling-responses.dto';
import { schedulingTarget, type SchedulingRoute } from './scheduling-routes';
import { WaitlistEntryResponseDto, WaitlistResponseDto } from './waitlist-series-responses.dto';

const NO_ENTRY = { description: 'No such waitlist entry at this location.', ...problemResponse };
const NO_OPEN_OFFER = refusalResponse('`no-open-offer`: no slot is held for this entry now (never offered, expired, or already answered).', {
  type: schedulingProblemType('no-open-offer'),
  title: 'Conflict',
  status: 409,
  rule: 'no-open-offer',
  detail: 'No slot is held for this waitlist entry now: the offer expired or was answered.',
});

/**
 * The waitlist of one location (issue 8, ADR 0015). A client waits for a service in a window of dates; when a
 * booked slot frees (a cancellation, a reschedule away), the first waiting client it suits and every booking rule
 * allows is offered it (`WaitlistSlotOffered`), and the slot is held for them: nobody else can book it until they
 * accept (the appointment is booked), decline or the hold expires (the next client is offered it).
 */
@ApiTags('appointments')
@LocationScopedApi()
@SchedulingRefusalsApi()
@Controller({ path: 'locations/:locationId/waitlist', version: '1' })
export class WaitlistHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Post()
  @RequirePermission('appointment:book')
  @HttpCode(201)
  @ApiOperation({ summary: 'Put a client on the waitlist for a service: a window of local dates, perhaps one therapist and preferred local start times, and the plan every booking check will run on' })
  @IdempotentCreateApi()
  @ApiBody({
    type: JoinWaitlistRequestDto,
    examples: {
      'any therapist, mornings': {
        value: {
          clientId: '3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b',
          serviceId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
          from: '2026-03-09',
          to: '2026-03-20',
          preferredTimes: [{ from: '09:00', to: '12:00' }],
          techniques: ['swedish'],
          focusRegions: ['upper-back', 'neck'],
          pressure: 'P3',
        },
      },
      'one therapist, any time': {
        value: {
          clientId: '3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b',
          serviceId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
          therapistId: '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
          from: '2026-03-09',
          to: '2026-03-13',
          techniques: ['deep-tissue'],
          focusRegions: ['lower-back'],
          pressure: 'P4',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: WaitlistEntryResponseDto })
  @ApiBadRequestResponse({ description: 'No Idempotency-Key, or an invalid field (named in invalid-params).', ...problemResponse })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  @ApiConflictResponse(refusalResponse('`already-waiting`: the client already waits for this service here.'))
  async join(@Param('locationId', LocationCodePipe) locationId: string, @Body() body: JoinWaitlistRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(schedulingTarget(SCHEDULING_ROUTES.waitlist, { locationId }), body, request, response);
  }

  @Get()
  @RequirePermission('appointment:read')
  @ApiOperation({ summary: "The location's waitlist: entries waiting or offered a slot, first come first, with their open offers" })
  @ApiOkResponse({ type: WaitlistResponseDto })
  async list(@Param('locationId', LocationCodePipe) locationId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.query(schedulingTarget(SCHEDULING_ROUTES.waitlist, { locationId }), request, response);
  }

  @Get(':entryId')
  @RequirePermission('appointment:read')
  @ApiOperation({ summary: 'One waitlist entry, with its open (or accepted) offer' })
  @ApiOkResponse({ type: WaitlistEntryResponseDto })
  @ApiNotFoundResponse(NO_ENTRY)
  async get(@Param('locationId', LocationCodePipe) locationId: string, @Param('entryId', UuidParamPipe) entryId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.query(schedulingTarget(SCHEDULING_ROUTES.waitlistEntry, { locationId, entryId }), request, response);
  }

  @Post(':entryId/leave')
  @RequirePermission('appointment:book')
  @HttpCode(200)
  @ApiOperation({ summary: 'The client leaves the waitlist; a slot held for them goes to the next waiting client' })
  @ApiOkResponse({ type: WaitlistEntryResponseDto })
  @ApiNotFoundResponse(NO_ENTRY)
  @ApiConflictResponse(refusalResponse('`invalid-transition`: the entry was booked (cancel the appointment instead).'))
  async leave(@Param('locationId', LocationCodePipe) locationId: string, @Param('entryId', UuidParamPipe) entryId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.step(SCHEDULING_ROUTES.leaveWaitlist, locationId, entryId, request, response);
  }

  @Post(':entryId/offer/accept')
  @RequirePermission('appointment:book')
  @HttpCode(201)
  @ApiOperation({ summary: 'The client takes the held slot: it is booked with the entry’s plan, every booking rule checked again; `AppointmentBooked`' })
  @ApiUnprocessableEntityResponse(
    refusalResponse('A booking rule now refuses the slot (e.g. `contraindicated`: the screening changed since the offer); or the Idempotency-Key was already used with another request.'),
  )
  @IdempotentCreateApi()
  @ApiBody({ required: false, schema: { type: 'object', additionalProperties: false }, examples: { 'no body': { value: {} } } })
  @ApiCreatedResponse({ type: AppointmentResponseDto })
  @ApiBadRequestResponse({ description: 'No Idempotency-Key.', ...problemResponse })
  @ApiNotFoundResponse(NO_ENTRY)
  @ApiConflictResponse(NO_OPEN_OFFER)
  async accept(@Param('locationId', LocationCodePipe) locationId: string, @Param('entryId', UuidParamPipe) entryId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(schedulingTarget(SCHEDULING_ROUTES.acceptOffer, { locationId, entryId }), {}, request, response);
  }

  @Post(':entryId/offer/decline')
  @RequirePermission('appointment:book')
  @HttpCode(200)
  @ApiOperation({ summary: 'The client declines the held slot: it is offered to the next waiting client; the client keeps waiting for another' })
  @ApiOkResponse({ type: WaitlistEntryResponseDto })
  @ApiNotFoundResponse(NO_ENTRY)
  @ApiConflictResponse(NO_OPEN_OFFER)
  async decline(@Param('locationId', LocationCodePipe) locationId: string, @Param('entryId', UuidParamPipe) entryId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.step(SCHEDULING_ROUTES.declineOffer, locationId, entryId, request, response);
  }

  /** A step of an entry that creates nothing: a retry meets the state the first one left (no key asked). */
  private async step(route: SchedulingRoute, locationId: string, entryId: string, request: ActorRequest, response: Response): Promise<void> {
    await this.forwarder.change(schedulingTarget(route, { locationId, entryId }), 'POST', undefined, request, response);
  }
}
