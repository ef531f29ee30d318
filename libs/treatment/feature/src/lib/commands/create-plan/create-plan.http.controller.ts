import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { PlanTermsRequestDto, type PlanResponse } from '@massage/treatment-api';
import { Command, IdempotencyKey, type CommandContext } from '../../http/request-context';
import { TreatmentRefusalFilter } from '../../http/treatment-refusal.filter';
import { CreatePlanService } from './create-plan.service';

@RequirePermission('treatment-plan:write', { clientParam: 'clientId' })
@UseFilters(TreatmentRefusalFilter)
@Controller('locations/:locationId/clients/:clientId/plans')
export class CreatePlanHttpController {
  constructor(private readonly service: CreatePlanService) {}

  /**
   * `POST …/clients/:clientId/plans` (with `Idempotency-Key`) → 201 PlanResponse; the same key again → the same plan.
   * 422 naming the rule when the client's screening forbids part of it (`screening-pending`, `deferred`,
   * `contraindicated`, `clearance-required`), 400 `invalid` for terms the record's rules refuse.
   */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  create(@Command() ctx: CommandContext, @IdempotencyKey() idempotencyKey: string, @Body() body: PlanTermsRequestDto): Promise<PlanResponse> {
    return this.service.create(ctx, idempotencyKey, body);
  }
}
