import { Controller, Get, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { PlanOutcomesResponse } from '@massage/treatment-api';
import { Command, idFromPath, type CommandContext } from '../../http/request-context';
import { GetOutcomesService } from './get-outcomes.service';

@RequirePermission('treatment-plan:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/plans/:planId/outcomes')
export class GetOutcomesHttpController {
  constructor(private readonly service: GetOutcomesService) {}

  /** `GET …/plans/:planId/outcomes` → 200 PlanOutcomesResponse (chart data); 404 when not the client's plan here. */
  @Get()
  get(@Command() ctx: CommandContext, @Param('planId') planId: string): Promise<PlanOutcomesResponse> {
    return this.service.get(ctx, idFromPath(planId, 'plan'));
  }
}
