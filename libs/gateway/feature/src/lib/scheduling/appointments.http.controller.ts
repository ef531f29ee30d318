import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { BookAppointmentRequestDto, CancelAppointmentRequestDto, RescheduleAppointmentRequestDto, SCHEDULING_ROUTES, schedulingProblemType } from '@massage/scheduling-api';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { IdempotentCreateApi, LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { refusalResponse, SchedulingRefusalsApi } from './scheduling-api-docs';
import { AppointmentResponseDto } from './scheduling-responses.dto';
import { schedulingTarget, type SchedulingRoute } from './scheduling-routes';

const INVALID = { description: 'An invalid or unknown field (named in invalid-params).', ...problemResponse };
const NO_APPOINTMENT = { description: 'No such appointment at this location.', ...problemResponse };
const NOT_BOOKED = refusalResponse('`invalid-transition`: the appointment is not in a status this step applies to (a retry of a step that succeeded meets this too).');

/** What a booking or a reschedule can be refused for: every rule is checked in one transaction. */
const RULES_BROKEN =
  'The type (and `rule`) names the first rule broken, `refusals` lists all: `licence-expired`, `not-certified`, `screening-pending`, `deferred`, ' +
  '`contraindicated` (naming the screening rule, e.g. `DVT_ACT`), `clearance-required`, `outside-hours`, `room-unsuitable`. Nothing is booked or changed.';
const unsafe = (description: string) =>
  refusalResponse(description, {
    type: schedulingProblemType('contraindicated'),
    title: 'Unprocessable Entity',
    status: 422,
    rule: 'contraindicated',
    detail: "The client's latest screening forbids a planned technique, region or pressure.",
    refusals: [{ rule: 'contraindicated', screeningRule: 'DVT_ACT', kind: 'LOCAL', techniques: ['deep-tissue'], regions: ['left-calf'] }],
  });
const TAKEN = refusalResponse('`slot-taken`: the therapist, the room or the client is booked for part of the span (clean-up buffers included), enforced by the database.', {
  type: schedulingProblemType('slot-taken'),
  title: 'Conflict',
  status: 409,
  rule: 'slot-taken',
  refusals: [{ rule: 'slot-taken', resource: 'therapist' }],
});

/**
 * Appointments of one location (issue 8): the front desk's day (`appointment:book`: book, reschedule, cancel, check
 * in, complete, no-show) and reading one (`appointment:read`). Booking and rescheduling check the therapist's licence
 * and certifications, the client's screening and clearances, and that everyone is free, all in one transaction.
 */
@ApiTags('appointments')
@LocationScopedApi()
@SchedulingRefusalsApi()
@Controller({ path: 'locations/:locationId/appointments', version: '1' })
export class AppointmentsHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Post()
  @RequirePermission('appointment:book')
  @HttpCode(201)
  @ApiOperation({ summary: 'Book an appointment: client, therapist, service, start, planned techniques, focus regions and pressure; `AppointmentBooked`' })
  // Above IdempotentCreateApi, whose 422 (a reused key) it replaces with one description of both.
  @ApiUnprocessableEntityResponse(unsafe(`${RULES_BROKEN} Also 422: the Idempotency-Key was already used with another request.`))
  @IdempotentCreateApi()
  @ApiBody({
    type: BookAppointmentRequestDto,
    examples: {
      'any suitable room': {
        value: {
          clientId: '3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b',
          therapistId: '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
          serviceId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
          startsAt: '2026-03-09T10:00:00-04:00',
          techniques: ['swedish'],
          focusRegions: ['upper-back', 'neck'],
          pressure: 'P3',
        },
      },
      'a named room': {
        value: {
          clientId: '3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b',
          therapistId: '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
          serviceId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
          roomId: '7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f',
          startsAt: '2026-03-09T14:00:00Z',
          techniques: ['deep-tissue', 'trigger-point'],
          focusRegions: ['lower-back'],
          pressure: 'P4',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: AppointmentResponseDto })
  @ApiBadRequestResponse({ description: 'No Idempotency-Key, or an invalid field (named in invalid-params).', ...problemResponse })
  @ApiNotFoundResponse({ description: 'No such client, therapist, service or room at this location.', ...problemResponse })
  @ApiConflictResponse(TAKEN)
  async book(@Param('locationId', LocationCodePipe) locationId: string, @Body() body: BookAppointmentRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(schedulingTarget(SCHEDULING_ROUTES.appointments, { locationId }), body, request, response);
  }

  @Get(':appointmentId')
  @RequirePermission('appointment:read')
  @ApiOperation({ summary: 'An appointment as booked, with its status' })
  @ApiOkResponse({ type: AppointmentResponseDto })
  @ApiNotFoundResponse(NO_APPOINTMENT)
  async get(@Param('locationId', LocationCodePipe) locationId: string, @Param('appointmentId', UuidParamPipe) appointmentId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.query(schedulingTarget(SCHEDULING_ROUTES.appointment, { locationId, appointmentId }), request, response);
  }

  @Post(':appointmentId/reschedule')
  @RequirePermission('appointment:book')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a booked appointment (and change its therapist, room or plan): every booking rule is checked again; refused, nothing changes; `AppointmentRescheduled`' })
  @ApiBody({
    type: RescheduleAppointmentRequestDto,
    examples: { 'another day': { value: { startsAt: '2026-03-10T14:00:00-04:00' } }, 'another therapist and plan': { value: { startsAt: '2026-03-10T14:00:00-04:00', therapistId: '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f', techniques: ['swedish'], focusRegions: ['neck'], pressure: 'P2' } } },
  })
  @ApiOkResponse({ type: AppointmentResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NO_APPOINTMENT)
  @ApiConflictResponse(refusalResponse('`slot-taken` at the new time, or `invalid-transition`: the appointment is not booked.'))
  @ApiUnprocessableEntityResponse(unsafe(RULES_BROKEN))
  async reschedule(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('appointmentId', UuidParamPipe) appointmentId: string,
    @Body() body: RescheduleAppointmentRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.step(SCHEDULING_ROUTES.reschedule, locationId, appointmentId, body, request, response);
  }

  @Post(':appointmentId/cancel')
  @RequirePermission('appointment:book')
  @HttpCode(200)
  @ApiOperation({ summary: "Cancel a booked appointment: `lateCancellation` is true inside the location's cancellation window; `AppointmentCancelled`" })
  @ApiBody({ type: CancelAppointmentRequestDto, examples: { 'the client asked': { value: { reason: 'client-request' } } } })
  @ApiOkResponse({ type: AppointmentResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NO_APPOINTMENT)
  @ApiConflictResponse(NOT_BOOKED)
  async cancel(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('appointmentId', UuidParamPipe) appointmentId: string,
    @Body() body: CancelAppointmentRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.step(SCHEDULING_ROUTES.cancel, locationId, appointmentId, body, request, response);
  }

  @Post(':appointmentId/check-in')
  @RequirePermission('appointment:book')
  @HttpCode(200)
  @ApiOperation({ summary: 'The client has arrived; `ClientCheckedIn`' })
  @ApiOkResponse({ type: AppointmentResponseDto })
  @ApiNotFoundResponse(NO_APPOINTMENT)
  @ApiConflictResponse(NOT_BOOKED)
  async checkIn(@Param('locationId', LocationCodePipe) locationId: string, @Param('appointmentId', UuidParamPipe) appointmentId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.step(SCHEDULING_ROUTES.checkIn, locationId, appointmentId, undefined, request, response);
  }

  @Post(':appointmentId/complete')
  @RequirePermission('appointment:book')
  @HttpCode(200)
  @ApiOperation({ summary: 'The session took place; `AppointmentCompleted`' })
  @ApiOkResponse({ type: AppointmentResponseDto })
  @ApiNotFoundResponse(NO_APPOINTMENT)
  @ApiConflictResponse(NOT_BOOKED)
  async complete(@Param('locationId', LocationCodePipe) locationId: string, @Param('appointmentId', UuidParamPipe) appointmentId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.step(SCHEDULING_ROUTES.complete, locationId, appointmentId, undefined, request, response);
  }

  @Post(':appointmentId/no-show')
  @RequirePermission('appointment:book')
  @HttpCode(200)
  @ApiOperation({ summary: 'The client did not come (only once the appointment has started); `NoShowRecorded`' })
  @ApiOkResponse({ type: AppointmentResponseDto })
  @ApiNotFoundResponse(NO_APPOINTMENT)
  @ApiConflictResponse(refusalResponse('`not-started`: the appointment has not started yet; `invalid-transition`: it is not booked.'))
  async noShow(@Param('locationId', LocationCodePipe) locationId: string, @Param('appointmentId', UuidParamPipe) appointmentId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.step(SCHEDULING_ROUTES.noShow, locationId, appointmentId, undefined, request, response);
  }

  /** A step of the appointment's life: a transition the service refuses from the wrong status, so a retry needs no key. */
  private async step(route: SchedulingRoute, locationId: string, appointmentId: string, body: unknown, request: ActorRequest, response: Response): Promise<void> {
    await this.forwarder.change(schedulingTarget(route, { locationId, appointmentId }), 'POST', body, request, response);
  }
}
