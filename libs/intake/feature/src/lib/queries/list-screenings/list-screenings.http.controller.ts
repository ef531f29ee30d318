import { Controller, Get, Param } from '@nestjs/common';
import type { ScreeningListResponse } from '@massage/intake-api';
import { RequirePermission } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { ListScreeningsService } from './list-screenings.service';

@RequirePermission('screening-outcome:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/screenings')
export class ListScreeningsHttpController {
  constructor(private readonly service: ListScreeningsService) {}

  /** `GET /locations/:locationId/clients/:clientId/screenings` → 200 ScreeningListResponse, latest first (outcomes only for front desk). */
  @Get()
  list(@CallerLocation() locationId: string, @RequestActor() actor: Actor, @CorrelationId() correlationId: string, @Param('clientId') clientId: string): Promise<ScreeningListResponse> {
    return this.service.list({ actor, locationId, correlationId }, idFromPath(clientId, 'client'));
  }
}
