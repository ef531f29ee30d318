import { Controller, Get, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { ClearanceListResponse } from '@massage/intake-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { ListClearancesService } from './list-clearances.service';

@RequirePermission('clearance:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/clearances')
export class ListClearancesHttpController {
  constructor(private readonly service: ListClearancesService) {}

  /** `GET /locations/:locationId/clients/:clientId/clearances` → 200 ClearanceListResponse, newest first. */
  @Get()
  list(@CallerLocation() locationId: string, @RequestActor() actor: Actor, @CorrelationId() correlationId: string, @Param('clientId') clientId: string): Promise<ClearanceListResponse> {
    return this.service.list({ actor, locationId, correlationId }, idFromPath(clientId, 'client'));
  }
}
