import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { BookSeriesRequestDto, SCHEDULING_ROUTES } from '@massage/scheduling-api';
import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IdempotentCreateApi, LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { schedulingTarget } from './scheduling-routes';
import { SeriesBookingResponseDto } from './waitlist-series-responses.dto';

/**
 * Series of appointments (issue 8, ADR 0015): N sessions every k weeks with one therapist at the same local time,
 * booked in one request; best-effort, with a report of every session refused and the rule that refused it.
 */
@ApiTags('appointments')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/series', version: '1' })
export class SeriesHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Post()
  @RequirePermission('appointment:book')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Book a series: `count` sessions every `everyWeeks` weeks from `firstDate`, each at `localTime` at the location (the wall clock, across DST changes). ' +
      'Each session is checked as a single booking and, if allowed, booked with its `AppointmentBooked`; the others are reported in `refused` with the rule that refused them.',
  })
  @IdempotentCreateApi()
  @ApiBody({
    type: BookSeriesRequestDto,
    examples: {
      'six sessions every two weeks': {
        value: {
          clientId: '3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b',
          therapistId: '9b1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
          serviceId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
          firstDate: '2026-10-05',
          localTime: '10:00',
          count: 6,
          everyWeeks: 2,
          techniques: ['swedish'],
          focusRegions: ['lower-back'],
          pressure: 'P3',
        },
      },
    },
  })
  @ApiCreatedResponse({
    type: SeriesBookingResponseDto,
    description: 'The report: booked sessions with their appointments, refused sessions with their rules (an empty `booked` when none could be).',
  })
  @ApiBadRequestResponse({ description: 'No Idempotency-Key, an invalid field (named in invalid-params), or a first session in the past.', ...problemResponse })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  async book(@Param('locationId', LocationCodePipe) locationId: string, @Body() body: BookSeriesRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.write(schedulingTarget(SCHEDULING_ROUTES.series, { locationId }), body, request, response);
  }
}
