import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { BookAppointmentRequestDto, type AppointmentResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { BookAppointmentService } from './book-appointment.service';

@RequirePermission('appointment:book')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/appointments')
export class BookAppointmentHttpController {
  constructor(private readonly service: BookAppointmentService) {}

  /**
   * `POST /locations/:locationId/appointments` (with `Idempotency-Key`) → 201 AppointmentResponse; the same key
   * again → the same appointment. Refusals: 409 `slot-taken`, 422 naming the rule (`licence-expired`,
   * `not-certified`, `screening-pending`, `deferred`, `contraindicated`, `clearance-required`, `outside-hours`,
   * `room-unsuitable`).
   */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  book(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: BookAppointmentRequestDto,
  ): Promise<AppointmentResponse> {
    return this.service.book({ locationId, correlationId, actor, idempotencyKey, booking: body });
  }
}
