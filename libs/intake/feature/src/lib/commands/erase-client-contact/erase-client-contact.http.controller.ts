import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { RequirePermission } from '@massage/platform-security';
import { EraseClientContactRequestDto, type ClientResponse } from '@massage/intake-api';
import type { Actor } from '@massage/security';
import { CallerLocation, CorrelationId, idFromPath, RequestActor } from '../../http/request-context';
import { EraseClientContactService } from './erase-client-contact.service';

@RequirePermission('client:erase-contact', { clientParam: 'clientId' })
@Controller('locations/:locationId/clients')
export class EraseClientContactHttpController {
  constructor(private readonly service: EraseClientContactService) {}

  /** `POST /locations/:locationId/clients/:clientId/contact-erasure` → 200 ClientResponse without e-mail and phone; 404 when missing or another location's. */
  @Post(':clientId/contact-erasure')
  @HttpCode(HttpStatus.OK)
  erase(
    @CallerLocation() locationId: string,
    @CorrelationId() correlationId: string,
    @RequestActor() actor: Actor,
    @Param('clientId') clientId: string,
    @Body() body: EraseClientContactRequestDto,
  ): Promise<ClientResponse> {
    return this.service.erase({ actor, locationId, correlationId, clientId: idFromPath(clientId, 'client'), reason: body.reason });
  }
}
