import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { AvailabilityQueryDto, SCHEDULING_API_LIMITS, SCHEDULING_ROUTES } from '@massage/scheduling-api';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { AvailabilityResponseDto } from './scheduling-responses.dto';
import { schedulingTarget } from './scheduling-routes';

/**
 * Free slots of one location (issue 8), for everyone who works there (`availability:read`). With a client and a
 * plan, only slots the client could be booked into; the booking itself checks everything again.
 */
@ApiTags('availability')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/availability', version: '1' })
export class AvailabilityHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Get()
  @RequirePermission('availability:read')
  @ApiOperation({
    summary: 'Free slots for a service between two local dates (included), optionally for one therapist and one client',
    description:
      "Honours opening hours, closures, shifts, time off, existing bookings with their clean-up buffers, rooms and their equipment, and the therapists' " +
      "certifications. With `clientId`, the client's screening and clearances too (a client not screened yet has no slot). Times are the location's: a " +
      `09:00 slot stays 09:00 local on the day clocks change. At most ${SCHEDULING_API_LIMITS.maxSearchDays} days. ` +
      'Example: `?serviceId=5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9&from=2026-03-09&to=2026-03-13&clientId=3f2b8c1e-6d0a-4b7e-9a51-2c4d6e8f0a1b&techniques=swedish&focusRegions=upper-back,neck&pressure=P3`.',
  })
  @ApiOkResponse({ type: AvailabilityResponseDto })
  @ApiBadRequestResponse({ description: 'A missing or invalid parameter (named in invalid-params): dates out of order, a range too long, a plan given in part.', ...problemResponse })
  @ApiNotFoundResponse({ description: 'No such location, service, therapist or client here.', ...problemResponse })
  async search(@Param('locationId', LocationCodePipe) locationId: string, @Query() query: AvailabilityQueryDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    const target = schedulingTarget(SCHEDULING_ROUTES.availability, { locationId });
    await this.forwarder.query({ ...target, path: `${target.path}?${searchParams(query)}` }, request, response);
  }
}

/** The validated query as scheduling reads it: lists comma-separated. */
function searchParams(query: AvailabilityQueryDto): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query) as [string, string | string[] | undefined][]) {
    if (value !== undefined) params.set(name, Array.isArray(value) ? value.join(',') : value);
  }
  return params.toString();
}
