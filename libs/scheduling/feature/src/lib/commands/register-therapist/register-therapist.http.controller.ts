import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { RegisterTherapistRequestDto, type TherapistResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, RequestActor } from '../../http/request-context';
import { RegisterTherapistService } from './register-therapist.service';

@RequirePermission('staff:manage')
@Controller('locations/:locationId/therapists')
export class RegisterTherapistHttpController {
  constructor(private readonly service: RegisterTherapistService) {}

  /** `POST /locations/:locationId/therapists` (with `Idempotency-Key`) → 201 TherapistResponse. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  register(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: RegisterTherapistRequestDto,
  ): Promise<TherapistResponse> {
    return this.service.register({ locationId, correlationId, actor, idempotencyKey, therapist: body });
  }
}
