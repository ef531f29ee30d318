import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LocationScopedApi } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';

/** Messages sent to a client (channel and outcome, never the body or address), from notification. */
@ApiTags('clients')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/clients/:clientId/deliveries', version: '1' })
export class DeliveriesHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Get()
  @RequirePermission('delivery:read')
  @ApiOperation({ summary: 'List the messages sent to a client of the location, oldest first' })
  @ApiOkResponse({ description: '`{ items: [{ id, kind, channel, status, skipReason, failureReason, sentAt, … }] }`' })
  async list(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    const path = `/locations/${encodeURIComponent(locationId)}/deliveries?clientId=${encodeURIComponent(clientId)}`;
    await this.forwarder.read({ service: 'notification', path, locationId }, { action: 'delivery.list', clientId }, request, response);
  }
}
