import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { JoinWaitlistRequestDto, type WaitlistEntryResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { JoinWaitlistService } from './join-waitlist.service';

@RequirePermission('appointment:book')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/waitlist')
export class JoinWaitlistHttpController {
  constructor(private readonly service: JoinWaitlistService) {}

  /** `POST /locations/:locationId/waitlist` (with `Idempotency-Key`) → 201 WaitlistEntryResponse; 409 `already-waiting`. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  join(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: JoinWaitlistRequestDto,
  ): Promise<WaitlistEntryResponse> {
    return this.service.join({ locationId, correlationId, actor, idempotencyKey, request: body });
  }
}
