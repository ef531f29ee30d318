import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { CreateLocationRequestDto, type LocationResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CorrelationId, IdempotencyKey, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { CreateLocationService } from './create-location.service';

// The route names no location (the body does): only an any-location grant (hq-admin) reaches it.
@RequirePermission('location:manage', { locationParam: null })
@UseFilters(SchedulingRefusalFilter)
@Controller('locations')
export class CreateLocationHttpController {
  constructor(private readonly service: CreateLocationService) {}

  /** `POST /locations` (with `Idempotency-Key`) → 201 LocationResponse; 409 `location-exists` for a code in use. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  create(@CorrelationId() correlationId: string, @RequestActor() actor: Actor, @IdempotencyKey() idempotencyKey: string, @Body() body: CreateLocationRequestDto): Promise<LocationResponse> {
    return this.service.create({ correlationId, actor, idempotencyKey, location: body });
  }
}
