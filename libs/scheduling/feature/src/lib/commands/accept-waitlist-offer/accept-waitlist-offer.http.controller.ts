import { Controller, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import type { AppointmentResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, IdempotencyKey, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { AcceptWaitlistOfferService } from './accept-waitlist-offer.service';

@RequirePermission('appointment:book')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/waitlist/:entryId/offer')
export class AcceptWaitlistOfferHttpController {
  constructor(private readonly service: AcceptWaitlistOfferService) {}

  /**
   * `POST …/waitlist/:entryId/offer/accept` (with `Idempotency-Key`) → 201 AppointmentResponse (the held slot,
   * booked); 409 `no-open-offer`, `offer-expired`, `slot-taken`; 422 naming a booking rule that now refuses it.
   */
  @Post('accept')
  @HttpCode(HttpStatus.CREATED)
  accept(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Param('entryId') entryId: string,
  ): Promise<AppointmentResponse> {
    return this.service.accept({ locationId, correlationId, actor, idempotencyKey, entryId: idFromPath(entryId, 'waitlist-entry') });
  }
}
