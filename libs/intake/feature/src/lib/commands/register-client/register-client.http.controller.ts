import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { RegisterClientRequestDto, type ClientResponse } from '@massage/intake-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, IdempotencyKey, RequestActor } from '../../http/request-context';
import { RegisterClientService } from './register-client.service';

@RequirePermission('client:register')
@Controller('locations/:locationId/clients')
export class RegisterClientHttpController {
  constructor(private readonly service: RegisterClientService) {}

  /** `POST /locations/:locationId/clients` (with `Idempotency-Key`) → 201 ClientResponse; the same key again → the same client. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  register(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: RegisterClientRequestDto,
  ): Promise<ClientResponse> {
    return this.service.register({ locationId, correlationId, actor, idempotencyKey, registration: body });
  }
}
