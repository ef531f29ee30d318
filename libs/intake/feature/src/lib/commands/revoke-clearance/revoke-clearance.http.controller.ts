import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { RevokeClearanceRequestDto, type ClearanceChangeResponse } from '@massage/intake-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, idFromPath, RequestActor } from '../../http/request-context';
import { RevokeClearanceService } from './revoke-clearance.service';

@RequirePermission('clearance:revoke', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/clearances')
export class RevokeClearanceHttpController {
  constructor(private readonly service: RevokeClearanceService) {}

  /** `POST …/clients/:clientId/clearances/:clearanceId/revoke` (with `Idempotency-Key`) → 200 ClearanceChangeResponse; 409 unless recorded and unexpired; 404 when not the location's. */
  @Post(':clearanceId/revoke')
  @HttpCode(HttpStatus.OK)
  revoke(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Param('clientId') clientId: string,
    @Param('clearanceId') clearanceId: string,
    @Body() body: RevokeClearanceRequestDto,
  ): Promise<ClearanceChangeResponse> {
    return this.service.revoke({ locationId, correlationId, actor, idempotencyKey, clientId: idFromPath(clientId, 'client'), clearanceId: idFromPath(clearanceId, 'clearance'), reason: body.reason });
  }
}
