import { Body, Controller, Param, Put, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { PlanTermsRequestDto, type PlanResponse } from '@massage/treatment-api';
import { Command, idFromPath, type CommandContext } from '../../http/request-context';
import { TreatmentRefusalFilter } from '../../http/treatment-refusal.filter';
import { RevisePlanService } from './revise-plan.service';

@RequirePermission('treatment-plan:write', { clientParam: 'clientId' })
@UseFilters(TreatmentRefusalFilter)
@Controller('locations/:locationId/clients/:clientId/plans')
export class RevisePlanHttpController {
  constructor(private readonly service: RevisePlanService) {}

  /** `PUT …/plans/:planId` → 200 PlanResponse; 422 naming the screening rule, 409 `plan-closed`, 404 when not the client's plan here. */
  @Put(':planId')
  revise(@Command() ctx: CommandContext, @Param('planId') planId: string, @Body() body: PlanTermsRequestDto): Promise<PlanResponse> {
    return this.service.revise(ctx, idFromPath(planId, 'plan'), body);
  }
}
