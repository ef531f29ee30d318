import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { SCHEDULING_ROUTES, UpdateLocationRequestDto } from '@massage/scheduling-api';
import { Body, Controller, Param, Put, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';
import { LOCATIONS_TAG } from './locations.http.controller';
import { refusalResponse, SchedulingRefusalsApi } from './scheduling-api-docs';
import { LocationResponseDto } from './scheduling-responses.dto';
import { schedulingTarget } from './scheduling-routes';

/**
 * Updating a location's settings (issue 8): its manager or HQ (`location:configure`). A replacement (PUT), so no
 * Idempotency-Key: a retry meets the state the first one left. Other services learn a new name, zone or
 * jurisdiction from `LocationUpdated`.
 */
@ApiTags(LOCATIONS_TAG)
@LocationScopedApi()
@SchedulingRefusalsApi()
@Controller({ path: 'locations/:locationId', version: '1' })
export class LocationUpdateHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Put()
  @RequirePermission('location:configure')
  @ApiOperation({
    summary:
      "Replace the location's name, IANA time zone, licence jurisdiction, weekly opening hours and cancellation window (closures, rooms and services have their own routes); `LocationUpdated` when name, zone or jurisdiction change",
  })
  @ApiBody({
    type: UpdateLocationRequestDto,
    examples: {
      'longer Saturday, shorter window': {
        value: {
          name: 'Downtown Toronto',
          timeZone: 'America/Toronto',
          jurisdiction: 'CA-ON',
          openingHours: [
            { weekday: 'tuesday', windows: [{ from: '10:00', to: '20:00' }] },
            { weekday: 'thursday', windows: [{ from: '10:00', to: '20:00' }] },
            { weekday: 'saturday', windows: [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }] },
          ],
          cancellationWindowMinutes: 720,
        },
      },
    },
  })
  @ApiOkResponse({ type: LocationResponseDto })
  @ApiBadRequestResponse({ description: 'An invalid field (named in invalid-params): an unknown time zone, windows out of order, a code or closures in the body, …', ...problemResponse })
  @ApiNotFoundResponse({ description: 'No such location.', ...problemResponse })
  @ApiConflictResponse(
    refusalResponse('`zone-change-with-bookings`: a new time zone while appointments (or waitlist holds) are still to come; their local times would move. Move or cancel them first.', {
      type: 'https://massage.example/problems/zone-change-with-bookings',
      title: 'Conflict',
      status: 409,
      detail: 'The location has 3 appointment(s) to come; move or cancel them before changing its time zone.',
      rule: 'zone-change-with-bookings',
    }),
  )
  async update(@Param('locationId', LocationCodePipe) locationId: string, @Body() body: UpdateLocationRequestDto, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    await this.forwarder.change(schedulingTarget(SCHEDULING_ROUTES.location, { locationId }), 'PUT', body, request, response);
  }
}
