import { Controller, Get, Param } from '@nestjs/common';
import type { ScreeningOutcomeResponse, ScreeningResponse } from '@massage/intake-api';
import { RequirePermission } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { GetScreeningService } from './get-screening.service';

// The route needs the outcome permission; the service widens the answer to the full result for `screening:read`.
@RequirePermission('screening-outcome:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/screening')
export class GetScreeningHttpController {
  constructor(private readonly service: GetScreeningService) {}

  /** `GET /locations/:locationId/clients/:clientId/screening` → 200 ScreeningResponse (ScreeningOutcomeResponse for front desk); 404 before the first screening. */
  @Get()
  get(@CallerLocation() locationId: string, @RequestActor() actor: Actor, @CorrelationId() correlationId: string, @Param('clientId') clientId: string): Promise<ScreeningResponse | ScreeningOutcomeResponse> {
    return this.service.latest({ actor, locationId, correlationId }, idFromPath(clientId, 'client'));
  }
}
