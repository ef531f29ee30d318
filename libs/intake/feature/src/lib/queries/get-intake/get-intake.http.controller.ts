import { Controller, Get, Param } from '@nestjs/common';
import type { IntakeResponse } from '@massage/intake-api';
import { CallerLocation, idFromPath } from '../../http/request-context';
import { GetIntakeService } from './get-intake.service';

@Controller('clients/:clientId/intakes')
export class GetIntakeHttpController {
  constructor(private readonly service: GetIntakeService) {}

  /** `GET /clients/:clientId/intakes/:intakeId` → 200 IntakeResponse; 404 when missing or another location's. */
  @Get(':intakeId')
  get(@CallerLocation() locationId: string, @Param('clientId') clientId: string, @Param('intakeId') intakeId: string): Promise<IntakeResponse> {
    return this.service.get(locationId, idFromPath(clientId, 'client'), idFromPath(intakeId, 'intake'));
  }
}
