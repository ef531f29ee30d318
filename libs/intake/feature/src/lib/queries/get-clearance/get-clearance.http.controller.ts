import { Controller, Get, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { ClearanceResponse } from '@massage/intake-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { GetClearanceService } from './get-clearance.service';

@RequirePermission('clearance:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/clearances')
export class GetClearanceHttpController {
  constructor(private readonly service: GetClearanceService) {}

  /** `GET /locations/:locationId/clients/:clientId/clearances/:clearanceId` → 200 ClearanceResponse; 404 when missing, another client's or another location's. */
  @Get(':clearanceId')
  get(
    @CallerLocation() locationId: string,
    @RequestActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Param('clientId') clientId: string,
    @Param('clearanceId') clearanceId: string,
  ): Promise<ClearanceResponse> {
    return this.service.get({ actor, locationId, correlationId }, idFromPath(clientId, 'client'), idFromPath(clearanceId, 'clearance'));
  }
}
