import { Body, Controller, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { DiscontinuePlanRequestDto, type PlanResponse } from '@massage/treatment-api';
import { Command, idFromPath, type CommandContext } from '../../http/request-context';
import { TreatmentRefusalFilter } from '../../http/treatment-refusal.filter';
import { ClosePlanService } from './close-plan.service';

/** `POST …/plans/:planId/{complete,discontinue}` → 200 PlanResponse; 409 `plan-closed` when it already ended. */
@RequirePermission('treatment-plan:write', { clientParam: 'clientId' })
@UseFilters(TreatmentRefusalFilter)
@Controller('locations/:locationId/clients/:clientId/plans/:planId')
export class ClosePlanHttpController {
  constructor(private readonly service: ClosePlanService) {}

  @Post('complete')
  @HttpCode(HttpStatus.OK)
  complete(@Command() ctx: CommandContext, @Param('planId') planId: string): Promise<PlanResponse> {
    return this.service.complete(ctx, idFromPath(planId, 'plan'));
  }

  @Post('discontinue')
  @HttpCode(HttpStatus.OK)
  discontinue(@Command() ctx: CommandContext, @Param('planId') planId: string, @Body() body: DiscontinuePlanRequestDto): Promise<PlanResponse> {
    return this.service.discontinue(ctx, idFromPath(planId, 'plan'), body.reason);
  }
}
