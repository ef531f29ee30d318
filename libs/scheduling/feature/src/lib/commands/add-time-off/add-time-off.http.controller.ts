import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { AddTimeOffRequestDto, type TherapistResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, idFromPath, RequestActor } from '../../http/request-context';
import { AddTimeOffService } from './add-time-off.service';

@RequirePermission('staff:manage')
@Controller('locations/:locationId/therapists/:therapistId/time-off')
export class AddTimeOffHttpController {
  constructor(private readonly service: AddTimeOffService) {}

  /** `POST …/therapists/:therapistId/time-off` (with `Idempotency-Key`) → 201 TherapistResponse. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  add(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Param('therapistId') therapistId: string,
    @Body() body: AddTimeOffRequestDto,
  ): Promise<TherapistResponse> {
    return this.service.add({ locationId, correlationId, actor, idempotencyKey }, idFromPath(therapistId, 'therapist'), body);
  }
}
