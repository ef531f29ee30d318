import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { BookSeriesRequestDto, type SeriesBookingResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { BookSeriesService } from './book-series.service';

@RequirePermission('appointment:book')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/series')
export class BookSeriesHttpController {
  constructor(private readonly service: BookSeriesService) {}

  /**
   * `POST /locations/:locationId/series` (with `Idempotency-Key`) → 201 SeriesBookingResponse: the sessions booked
   * (each with its appointment) and the sessions refused, each with the rule that refused it (best-effort).
   */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  book(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: BookSeriesRequestDto,
  ): Promise<SeriesBookingResponse> {
    return this.service.book({ locationId, correlationId, actor, idempotencyKey, series: body });
  }
}
