import { Controller, Get } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { LocationResponse } from '@massage/scheduling-api';
import { CallerLocation } from '../../http/request-context';
import { GetLocationService } from './get-location.service';

@RequirePermission('availability:read')
@Controller('locations/:locationId')
export class GetLocationHttpController {
  constructor(private readonly service: GetLocationService) {}

  /** `GET /locations/:locationId` → 200 LocationResponse. */
  @Get()
  get(@CallerLocation() locationId: string): Promise<LocationResponse> {
    return this.service.get(locationId);
  }
}
