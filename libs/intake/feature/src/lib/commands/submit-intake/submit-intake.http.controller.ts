import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { SubmitIntakeRequestDto, type IntakeResponse } from '@massage/intake-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, idFromPath, RequestActor } from '../../http/request-context';
import { SubmitIntakeService } from './submit-intake.service';

@RequirePermission('intake:submit')
@Controller('locations/:locationId/clients/:clientId/intakes')
export class SubmitIntakeHttpController {
  constructor(private readonly service: SubmitIntakeService) {}

  /**
   * `POST /locations/:locationId/clients/:clientId/intakes` (with `Idempotency-Key`) → 201 IntakeResponse; 400 without consent;
   * 404 for another location's client; the same key again → the same intake.
   */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  submit(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Param('clientId') clientId: string,
    @Body() body: SubmitIntakeRequestDto,
  ): Promise<IntakeResponse> {
    return this.service.submit({ locationId, correlationId, actor, idempotencyKey, clientId: idFromPath(clientId, 'client'), submission: body });
  }
}
