import { Controller, Get, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { ClientResponse } from '@massage/intake-api';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import type { Actor } from '@massage/security';
import { GetClientService } from './get-client.service';

@RequirePermission('client:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients')
export class GetClientHttpController {
  constructor(private readonly service: GetClientService) {}

  /** `GET /locations/:locationId/clients/:clientId` → 200 ClientResponse; 404 when missing or another location's. */
  @Get(':clientId')
  get(@CallerLocation() locationId: string, @RequestActor() actor: Actor, @CorrelationId() correlationId: string, @Param('clientId') clientId: string): Promise<ClientResponse> {
    return this.service.get({ actor, locationId, correlationId }, idFromPath(clientId, 'client'));
  }
}
