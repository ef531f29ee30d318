import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { RequestClearanceRequestDto, type ClearanceResponse } from '@massage/intake-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, idFromPath, RequestActor } from '../../http/request-context';
import { RequestClearanceService } from './request-clearance.service';

@RequirePermission('clearance:request', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/clearances')
export class RequestClearanceHttpController {
  constructor(private readonly service: RequestClearanceService) {}

  /**
   * `POST /locations/:locationId/clients/:clientId/clearances` (with `Idempotency-Key`) → 201 ClearanceResponse (status
   * `requested`); 400 naming `rules.<i>` for a code that is not a CLEARANCE rule of the table in effect; 404 for
   * another location's client.
   */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  request(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Param('clientId') clientId: string,
    @Body() body: RequestClearanceRequestDto,
  ): Promise<ClearanceResponse> {
    return this.service.request({ locationId, correlationId, actor, idempotencyKey, clientId: idFromPath(clientId, 'client'), request: body });
  }
}
