import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { AddClosureRequestDto, AddRoomRequestDto, AddServiceRequestDto, type LocationResponse, type RoomResponse, type ServiceResponse } from '@massage/scheduling-api';
import type { Actor } from '@massage/security';
import type { LocationConfigCommand } from '../../calendar/location-config';
import { CallerLocation, CorrelationId, IdempotencyKey, RequestActor } from '../../http/request-context';
import { SchedulingRefusalFilter } from '../../http/scheduling-refusal.filter';
import { AddClosureService } from './add-closure.service';
import { AddRoomService } from './add-room.service';
import { AddServiceService } from './add-service.service';

/**
 * A location's configuration (its manager, HQ), each POST with `Idempotency-Key` → 201; 409 `code-taken` for a
 * room or service code in use, or a closure starting the same day as another.
 */
@RequirePermission('location:configure')
@UseFilters(SchedulingRefusalFilter)
@Controller('locations/:locationId')
export class ConfigureLocationHttpController {
  constructor(
    private readonly rooms: AddRoomService,
    private readonly services: AddServiceService,
    private readonly closures: AddClosureService,
  ) {}

  /** `POST /locations/:locationId/rooms` → 201 RoomResponse. */
  @Post('rooms')
  @HttpCode(HttpStatus.CREATED)
  addRoom(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @IdempotencyKey() idempotencyKey: string, @Body() body: AddRoomRequestDto): Promise<RoomResponse> {
    return this.rooms.add(command(locationId, correlationId, actor, idempotencyKey), body);
  }

  /** `POST /locations/:locationId/services` → 201 ServiceResponse. */
  @Post('services')
  @HttpCode(HttpStatus.CREATED)
  addService(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @IdempotencyKey() idempotencyKey: string, @Body() body: AddServiceRequestDto): Promise<ServiceResponse> {
    return this.services.add(command(locationId, correlationId, actor, idempotencyKey), body);
  }

  /** `POST /locations/:locationId/closures` → 201 LocationResponse (whole local days closed). */
  @Post('closures')
  @HttpCode(HttpStatus.CREATED)
  addClosure(@CallerLocation() locationId: string, @CorrelationId() correlationId: string, @RequestActor() actor: Actor, @IdempotencyKey() idempotencyKey: string, @Body() body: AddClosureRequestDto): Promise<LocationResponse> {
    return this.closures.add(command(locationId, correlationId, actor, idempotencyKey), body);
  }
}

function command(locationId: string, correlationId: string, actor: Actor, idempotencyKey: string): LocationConfigCommand {
  return { locationId, correlationId, actor, idempotencyKey };
}
