import { Controller, Get, Param } from '@nestjs/common';
import type { IntakeListResponse } from '@massage/intake-api';
import { CallerLocation, idFromPath } from '../../http/request-context';
import { ListIntakesService } from './list-intakes.service';

@Controller('clients/:clientId/intakes')
export class ListIntakesHttpController {
  constructor(private readonly service: ListIntakesService) {}

  /** `GET /clients/:clientId/intakes` → 200 IntakeListResponse, latest first. */
  @Get()
  list(@CallerLocation() locationId: string, @Param('clientId') clientId: string): Promise<IntakeListResponse> {
    return this.service.list(locationId, idFromPath(clientId, 'client'));
  }
}
