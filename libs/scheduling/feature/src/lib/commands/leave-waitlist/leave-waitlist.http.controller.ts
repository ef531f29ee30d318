import { Controller, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { WaitlistEntryResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { LeaveWaitlistService } from './leave-waitlist.service';

@RequirePermission('appointment:book')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/waitlist/:entryId')
export class LeaveWaitlistHttpController {
  constructor(private readonly service: LeaveWaitlistService) {}

  /** `POST …/waitlist/:entryId/leave` → 200 WaitlistEntryResponse (`left`; a held slot goes to the next client); 409 `invalid-transition` once booked. */
  @Post('leave')
  @HttpCode(HttpStatus.OK)
  leave(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @Param('entryId') entryId: string): Promise<WaitlistEntryResponse> {
    return this.service.leave({ locationId, correlationId, actor }, idFromPath(entryId, 'waitlist-entry'));
  }
}
