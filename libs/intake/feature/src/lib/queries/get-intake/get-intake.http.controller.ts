import { Controller, Get, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { IntakeResponse } from '@massage/intake-api';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import type { Actor } from '@massage/security';
import { GetIntakeService } from './get-intake.service';

@RequirePermission('intake:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/intakes')
export class GetIntakeHttpController {
  constructor(private readonly service: GetIntakeService) {}

  /** `GET /locations/:locationId/clients/:clientId/intakes/:intakeId` → 200 IntakeResponse; 404 when missing or another location's. */
  @Get(':intakeId')
  get(
    @CallerLocation() locationId: string,
    @RequestActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Param('clientId') clientId: string,
    @Param('intakeId') intakeId: string,
  ): Promise<IntakeResponse> {
    return this.service.get({ actor, locationId, correlationId }, idFromPath(clientId, 'client'), idFromPath(intakeId, 'intake'));
  }
}
