import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { RecordClearanceDirectRequestDto, RecordClearanceRequestDto, type ClearanceChangeResponse } from '@massage/intake-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, idFromPath, RequestActor } from '../../http/request-context';
import { RecordClearanceService } from './record-clearance.service';

@RequirePermission('clearance:record', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients/:clientId/clearances')
export class RecordClearanceHttpController {
  constructor(private readonly service: RecordClearanceService) {}

  /**
   * `POST …/clients/:clientId/clearances/recorded` (with `Idempotency-Key`) → 201 ClearanceChangeResponse: a physician's
   * letter brought in without a request; 400 naming the field (a rule without a CLEARANCE effect, an expiry in the
   * past or beyond the rules' validity); 404 for another location's client.
   */
  @Post('recorded')
  @HttpCode(HttpStatus.CREATED)
  recordDirect(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Param('clientId') clientId: string,
    @Body() body: RecordClearanceDirectRequestDto,
  ): Promise<ClearanceChangeResponse> {
    return this.service.recordDirect({ locationId, correlationId, actor, idempotencyKey, clientId: idFromPath(clientId, 'client'), record: body });
  }

  /**
   * `POST …/clients/:clientId/clearances/:clearanceId/record` (with `Idempotency-Key`) → 200 ClearanceChangeResponse: the
   * physician answered the request; 409 unless the clearance is `requested`; 404 for another client's or location's clearance.
   */
  @Post(':clearanceId/record')
  @HttpCode(HttpStatus.OK)
  record(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Param('clientId') clientId: string,
    @Param('clearanceId') clearanceId: string,
    @Body() body: RecordClearanceRequestDto,
  ): Promise<ClearanceChangeResponse> {
    return this.service.recordRequested({
      locationId,
      correlationId,
      actor,
      idempotencyKey,
      clientId: idFromPath(clientId, 'client'),
      clearanceId: idFromPath(clearanceId, 'clearance'),
      record: body,
    });
  }
}
