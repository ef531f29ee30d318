import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { AvailabilityQueryDto, type AvailabilityResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { SearchAvailabilityService } from './search-availability.service';

@RequirePermission('availability:read')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/availability')
export class SearchAvailabilityHttpController {
  constructor(private readonly service: SearchAvailabilityService) {}

  /** `GET /locations/:locationId/availability?serviceId=&from=&to=[&therapistId=][&clientId=][&techniques=&focusRegions=&pressure=]` → 200 AvailabilityResponse. */
  @Get()
  search(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @Query() query: AvailabilityQueryDto): Promise<AvailabilityResponse> {
    return this.service.search({ locationId, correlationId, actor }, query);
  }
}
