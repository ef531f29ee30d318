import { Controller, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { WaitlistEntryResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { DeclineWaitlistOfferService } from './decline-waitlist-offer.service';

@RequirePermission('appointment:book')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/waitlist/:entryId/offer')
export class DeclineWaitlistOfferHttpController {
  constructor(private readonly service: DeclineWaitlistOfferService) {}

  /** `POST …/waitlist/:entryId/offer/decline` → 200 WaitlistEntryResponse (waiting again); 409 `no-open-offer`. */
  @Post('decline')
  @HttpCode(HttpStatus.OK)
  decline(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @Param('entryId') entryId: string): Promise<WaitlistEntryResponse> {
    return this.service.decline({ locationId, correlationId, actor }, idFromPath(entryId, 'waitlist-entry'));
  }
}
