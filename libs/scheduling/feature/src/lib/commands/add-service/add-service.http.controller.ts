import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { AddServiceRequestDto, type ServiceResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { AddServiceService } from './add-service.service';

@RequirePermission('location:configure')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/services')
export class AddServiceHttpController {
  constructor(private readonly service: AddServiceService) {}

  /** `POST /locations/:locationId/services` (with `Idempotency-Key`) → 201 ServiceResponse; 409 `code-taken`. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  add(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: AddServiceRequestDto,
  ): Promise<ServiceResponse> {
    return this.service.add({ locationId, correlationId, actor, idempotencyKey }, body);
  }
}
