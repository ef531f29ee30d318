import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { AddClosureRequestDto, type LocationResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { AddClosureService } from './add-closure.service';

@RequirePermission('location:configure')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/closures')
export class AddClosureHttpController {
  constructor(private readonly service: AddClosureService) {}

  /** `POST /locations/:locationId/closures` (with `Idempotency-Key`) → 201 LocationResponse; 409 `code-taken` when a closure starts that day. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  add(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: AddClosureRequestDto,
  ): Promise<LocationResponse> {
    return this.service.add({ locationId, correlationId, actor, idempotencyKey }, body);
  }
}
