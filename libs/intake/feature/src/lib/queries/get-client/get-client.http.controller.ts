import { Controller, Get, Param } from '@nestjs/common';
import type { ClientResponse } from '@massage/intake-api';
import { CallerLocation, idFromPath } from '../../http/request-context';
import { GetClientService } from './get-client.service';

@Controller('clients')
export class GetClientHttpController {
  constructor(private readonly service: GetClientService) {}

  /** `GET /clients/:clientId` → 200 ClientResponse; 404 when missing or another location's. */
  @Get(':clientId')
  get(@CallerLocation() locationId: string, @Param('clientId') clientId: string): Promise<ClientResponse> {
    return this.service.get(locationId, idFromPath(clientId, 'client'));
  }
}
