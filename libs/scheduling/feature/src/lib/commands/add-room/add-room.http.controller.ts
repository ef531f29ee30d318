import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { AddRoomRequestDto, type RoomResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { AddRoomService } from './add-room.service';

@RequirePermission('location:configure')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId/rooms')
export class AddRoomHttpController {
  constructor(private readonly service: AddRoomService) {}

  /** `POST /locations/:locationId/rooms` (with `Idempotency-Key`) → 201 RoomResponse; 409 `code-taken`. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  add(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: AddRoomRequestDto,
  ): Promise<RoomResponse> {
    return this.service.add({ locationId, correlationId, actor, idempotencyKey }, body);
  }
}
