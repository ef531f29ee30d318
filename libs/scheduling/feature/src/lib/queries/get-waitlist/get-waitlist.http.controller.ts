import { Controller, Get, Param } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { WaitlistEntryResponse, WaitlistResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { GetWaitlistService } from './get-waitlist.service';

@RequirePermission('appointment:read')
@Controller('locations/:locationId/waitlist')
export class GetWaitlistHttpController {
  constructor(private readonly service: GetWaitlistService) {}

  /** `GET /locations/:locationId/waitlist` → 200 WaitlistResponse: entries waiting or offered a slot, first come first; 404 for an unknown location. */
  @Get()
  list(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor): Promise<WaitlistResponse> {
    return this.service.list({ locationId, correlationId, actor });
  }

  /** `GET /locations/:locationId/waitlist/:entryId` → 200 WaitlistEntryResponse (with its open or accepted offer); 404 when missing or another location's. */
  @Get(':entryId')
  get(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @Param('entryId') entryId: string): Promise<WaitlistEntryResponse> {
    return this.service.get({ locationId, correlationId, actor }, idFromPath(entryId, 'waitlist-entry'));
  }
}
