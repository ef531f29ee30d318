import { Controller, Get, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { IntakeListResponse } from '@massage/intake-api';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import type { Actor } from '@massage/security';
import { ListIntakesService } from './list-intakes.service';

@RequirePermission('intake:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/intakes')
export class ListIntakesHttpController {
  constructor(private readonly service: ListIntakesService) {}

  /** `GET /locations/:locationId/clients/:clientId/intakes` → 200 IntakeListResponse, latest first. */
  @Get()
  list(@CallerLocation() locationId: string, @RequestActor() actor: Actor, @CorrelationId() correlationId: string, @Param('clientId') clientId: string): Promise<IntakeListResponse> {
    return this.service.list({ actor, locationId, correlationId }, idFromPath(clientId, 'client'));
  }
}
