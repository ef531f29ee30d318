import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { VisitUpdateRequestDto, type VisitUpdateResponse } from '@massage/intake-api';
import { RequirePermission } from '@massage/platform-security';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, idFromPath, RequestActor } from '../../http/request-context';
import { UpdateBeforeVisitService } from './update-before-visit.service';

@RequirePermission('intake:submit')
@Controller('locations/:locationId/clients/:clientId/visit-updates')
export class UpdateBeforeVisitHttpController {
  constructor(private readonly service: UpdateBeforeVisitService) {}

  /**
   * `POST /locations/:locationId/clients/:clientId/visit-updates` (with `Idempotency-Key`) → 201 VisitUpdateResponse;
   * 400 naming the field (a re-asked section left out, a broken answer rule); 409 when a full intake is needed.
   */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  update(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Param('clientId') clientId: string,
    @Body() body: VisitUpdateRequestDto,
  ): Promise<VisitUpdateResponse> {
    return this.service.update({ locationId, correlationId, actor, idempotencyKey, clientId: idFromPath(clientId, 'client'), update: body });
  }
}
