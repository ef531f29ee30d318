import { Controller, Get, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { PlanListResponse, PlanResponse } from '@massage/treatment-api';
import { Command, idFromPath, type CommandContext } from '../../http/request-context';
import { GetPlanService } from './get-plan.service';

@RequirePermission('treatment-plan:read', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/plans')
export class GetPlanHttpController {
  constructor(private readonly service: GetPlanService) {}

  /** `GET …/clients/:clientId/plans` → 200 PlanListResponse, newest first. */
  @Get()
  list(@Command() ctx: CommandContext): Promise<PlanListResponse> {
    return this.service.list(ctx);
  }

  /** `GET …/plans/:planId` → 200 PlanResponse (with `reviewNeeded` while a newer screening restricts it); 404 when not the client's plan here. */
  @Get(':planId')
  get(@Command() ctx: CommandContext, @Param('planId') planId: string): Promise<PlanResponse> {
    return this.service.get(ctx, idFromPath(planId, 'plan'));
  }
}
