import { TECHNIQUES, type Technique } from '@massage/contracts';
import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { AddTimeOffRequestDto, RecordCertificationRequestDto, RecordLicenceRequestDto, RegisterTherapistRequestDto, SCHEDULING_ROUTES, SetShiftsRequestDto } from '@massage/scheduling-api';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IdempotentCreateApi, LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { TherapistResponseDto } from './scheduling-responses.dto';
import { schedulingTarget } from './scheduling-routes';
import { TechniqueParamPipe } from './technique-param.pipe';

const INVALID = { description: 'An invalid or unknown field (named in invalid-params).', ...problemResponse };
const NO_THERAPIST = { description: 'No such therapist at this location (or no such location).', ...problemResponse };

/**
 * Therapists of one location (issue 8): licence, certifications per technique, weekly shifts, time off. Managers and
 * HQ keep them (`staff:manage`); the front desk reads them too (`staff:read`). Bookings check the licence and the
 * certifications on the appointment's local date.
 */
@ApiTags('therapists')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/therapists', version: '1' })
export class TherapistsHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Post()
  @RequirePermission('staff:manage')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a therapist at the location (a staff identity, a name, optionally the licence); `TherapistRegistered`, `LicenceRecorded`' })
  @IdempotentCreateApi()
  @ApiBody({
    type: RegisterTherapistRequestDto,
    examples: {
      'with a licence': { value: { subject: 'therapist-7f3a', displayName: 'Sam Rivera', licence: { number: 'RMT-004217', jurisdiction: 'CA-ON', validFrom: '2025-01-01', expiresOn: '2027-12-31' } } },
      'licence to follow': { value: { subject: 'therapist-2b91', displayName: 'Alex Chen' } },
    },
  })
  @ApiCreatedResponse({ type: TherapistResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse({ description: 'No such location.', ...problemResponse })
  async register(@Param('locationId', LocationCodePipe) locationId: string, @Body() body: RegisterTherapistRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(schedulingTarget(SCHEDULING_ROUTES.therapists, { locationId }), body, request, response);
  }

  @Get(':therapistId')
  @RequirePermission('staff:read')
  @ApiOperation({ summary: 'A therapist: licences, certifications, shifts and time off' })
  @ApiOkResponse({ type: TherapistResponseDto })
  @ApiNotFoundResponse(NO_THERAPIST)
  async get(@Param('locationId', LocationCodePipe) locationId: string, @Param('therapistId', UuidParamPipe) therapistId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.query(schedulingTarget(SCHEDULING_ROUTES.therapist, { locationId, therapistId }), request, response);
  }

  @Put(':therapistId/licence')
  @RequirePermission('staff:manage')
  @ApiOperation({ summary: "Record the therapist's licence (one per jurisdiction: a new one replaces the old); `LicenceRecorded`" })
  @ApiBody({ type: RecordLicenceRequestDto, examples: { renewed: { value: { number: 'RMT-004217', jurisdiction: 'CA-ON', validFrom: '2026-01-01', expiresOn: '2027-12-31' } } } })
  @ApiOkResponse({ type: TherapistResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NO_THERAPIST)
  async recordLicence(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('therapistId', UuidParamPipe) therapistId: string,
    @Body() body: RecordLicenceRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.change(schedulingTarget(SCHEDULING_ROUTES.licence, { locationId, therapistId }), 'PUT', body, request, response);
  }

  @Put(':therapistId/certifications/:technique')
  @RequirePermission('staff:manage')
  @ApiOperation({ summary: 'Record a certification for one technique (replaces the one before); only certified techniques can be booked with the therapist' })
  @ApiParam({ name: 'technique', enum: TECHNIQUES, example: 'deep-tissue' })
  @ApiBody({ type: RecordCertificationRequestDto, examples: { 'valid three years': { value: { validFrom: '2025-06-01', expiresOn: '2028-05-31' } }, 'does not expire': { value: {} } } })
  @ApiOkResponse({ type: TherapistResponseDto })
  @ApiBadRequestResponse({ description: 'An unknown technique or an invalid field (named in invalid-params).', ...problemResponse })
  @ApiNotFoundResponse(NO_THERAPIST)
  async recordCertification(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('therapistId', UuidParamPipe) therapistId: string,
    @Param('technique', TechniqueParamPipe) technique: Technique,
    @Body() body: RecordCertificationRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.change(schedulingTarget(SCHEDULING_ROUTES.certification, { locationId, therapistId, technique }), 'PUT', body, request, response);
  }

  @Put(':therapistId/shifts')
  @RequirePermission('staff:manage')
  @ApiOperation({ summary: "Set the therapist's weekly shifts at this location (local times; replaces the ones before)" })
  @ApiBody({
    type: SetShiftsRequestDto,
    examples: {
      'three days': {
        value: {
          shifts: [
            { weekday: 'monday', from: '09:00', to: '17:00' },
            { weekday: 'wednesday', from: '12:00', to: '20:00' },
            { weekday: 'saturday', from: '10:00', to: '16:00', validFrom: '2026-03-01', validTo: '2026-08-31' },
          ],
        },
      },
    },
  })
  @ApiOkResponse({ type: TherapistResponseDto })
  @ApiBadRequestResponse({ description: 'An invalid field (named in invalid-params): a shift ending before it starts, overlapping shifts, …', ...problemResponse })
  @ApiNotFoundResponse(NO_THERAPIST)
  async setShifts(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('therapistId', UuidParamPipe) therapistId: string,
    @Body() body: SetShiftsRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.change(schedulingTarget(SCHEDULING_ROUTES.shifts, { locationId, therapistId }), 'PUT', body, request, response);
  }

  @Post(':therapistId/time-off')
  @RequirePermission('staff:manage')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add time off `[from, to)`: no slot is offered and no booking is accepted in it' })
  @IdempotentCreateApi()
  @ApiBody({ type: AddTimeOffRequestDto, examples: { holidays: { value: { from: '2026-12-24T00:00:00-05:00', to: '2027-01-02T00:00:00-05:00', reason: 'vacation' } } } })
  @ApiCreatedResponse({ type: TherapistResponseDto })
  @ApiBadRequestResponse(INVALID)
  @ApiNotFoundResponse(NO_THERAPIST)
  async addTimeOff(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('therapistId', UuidParamPipe) therapistId: string,
    @Body() body: AddTimeOffRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.write(schedulingTarget(SCHEDULING_ROUTES.timeOff, { locationId, therapistId }), body, request, response);
  }
}
