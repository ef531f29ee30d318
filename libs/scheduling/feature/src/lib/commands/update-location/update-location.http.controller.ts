import { Body, Controller, Put, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { UpdateLocationRequestDto, type LocationResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { UpdateLocationService } from './update-location.service';

@RequirePermission('location:configure')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId')
export class UpdateLocationHttpController {
  constructor(private readonly service: UpdateLocationService) {}

  /** `PUT /locations/:locationId` → 200 LocationResponse (settings replaced); 404 for an unknown location; 409 `zone-change-with-bookings`. */
  @Put()
  update(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @Body() body: UpdateLocationRequestDto): Promise<LocationResponse> {
    return this.service.update({ locationId, correlationId, actor }, body);
  }
}
