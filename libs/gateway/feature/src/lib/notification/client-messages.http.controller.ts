import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn } from 'class-validator';
import type { Response } from 'express';
import { LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe, UuidParamPipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';

/** A client's message preferences as the front desk sets them (the whole choice: a channel not listed is opted in). */
export class PutClientPreferencesRequestDto {
  @ApiProperty({ description: 'The channels the client opted out of.', type: [String], enum: ['email', 'sms'], example: ['sms'] })
  @IsArray()
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(['email', 'sms'], { each: true })
  optedOut: ('email' | 'sms')[];

  @ApiProperty({ description: "True: the client receives messages in the location's quiet hours (21:00–08:00) too.", example: false })
  @IsBoolean()
  quietHoursOptOut: boolean;

  @ApiProperty({ description: 'The language of the messages.', enum: ['en', 'fr'], example: 'fr' })
  @IsIn(['en', 'fr'])
  language: 'en' | 'fr';
}

const MESSAGES_EXAMPLE = {
  items: [
    {
      id: '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b',
      kind: 'booking-confirmed',
      channel: 'sms',
      status: 'sent',
      dueAt: '2026-03-02T12:00:00.000Z',
      sentAt: '2026-03-02T12:00:01.000Z',
      failureReason: null,
      failureDetail: null,
      deliveryStatus: 'DELIVERED_TO_HANDSET',
      resendOf: null,
      createdAt: '2026-03-02T12:00:00.000Z',
    },
    {
      id: '7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e',
      kind: 'reminder-24h',
      channel: 'email',
      status: 'failed',
      dueAt: '2026-03-04T09:00:00.000Z',
      sentAt: null,
      failureReason: 'unreachable',
      failureDetail: 'opted-out',
      deliveryStatus: null,
      resendOf: null,
      createdAt: '2026-03-02T12:00:00.000Z',
    },
  ],
};

const PREFERENCES_EXAMPLE = {
  clientId: '6f1c2a8e-4b7d-4c1e-9a3f-2d5e8b0c7a14',
  channels: { email: { optedOut: false, optedOutAt: null, via: null }, sms: { optedOut: true, optedOutAt: '2026-03-02T12:05:00.000Z', via: 'stop-reply' } },
  quietHoursOptOut: false,
  language: 'fr',
};

/**
 * A client's messages and message preferences (issue 10), from notification: front desk, managers and HQ. What a
 * message was and what came of it, never its body or the address it went to.
 */
@ApiTags('clients')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/clients/:clientId', version: '1' })
export class ClientMessagesHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Get('messages')
  @RequirePermission('delivery:read')
  @ApiOperation({ summary: "List a client's messages at the location (confirmations, notices, reminders by e-mail and SMS), newest first: kind, channel, status, due and sent times, why one failed" })
  @ApiOkResponse({ description: 'The messages.', content: { 'application/json': { example: MESSAGES_EXAMPLE } } })
  async list(@Param('locationId', LocationCodePipe) locationId: string, @Param('clientId', UuidParamPipe) clientId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    const path = `/locations/${encodeURIComponent(locationId)}/clients/${clientId}/messages`;
    await this.forwarder.read({ service: 'notification', path, locationId }, { action: 'delivery.list', clientId }, request, response);
  }

  @Post('messages/:messageId/resend')
  @RequirePermission('delivery:resend')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Send a sent or failed message again, as a new message with its own key (a new Message-ID and SMS idempotency key: the provider would drop the old one as a duplicate); checked again when due (opt-outs, a cancelled or moved appointment)',
  })
  @ApiAcceptedResponse({ description: 'The new message, scheduled at once.', content: { 'application/json': { example: { ...MESSAGES_EXAMPLE.items[0], id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', status: 'scheduled', sentAt: null, deliveryStatus: null, resendOf: MESSAGES_EXAMPLE.items[0].id } } } })
  @ApiNotFoundResponse({ description: 'No such message for this client at this location.', ...problemResponse })
  @ApiConflictResponse({ description: '`message-not-settled`: still scheduled or cancelled; `message-not-resendable`: not an appointment message.', ...problemResponse })
  async resend(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('messageId', UuidParamPipe) messageId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    const path = `/locations/${encodeURIComponent(locationId)}/clients/${clientId}/messages/${messageId}/resend`;
    await this.forwarder.change({ service: 'notification', path, locationId }, 'POST', undefined, request, response);
  }

  @Get('preferences')
  @RequirePermission('client-preferences:read')
  @ApiOperation({ summary: "A client's message preferences: opted in or out per channel (when and how), the quiet-hours choice, the language" })
  @ApiOkResponse({ description: 'The preferences.', content: { 'application/json': { example: PREFERENCES_EXAMPLE } } })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  async preferences(@Param('locationId', LocationCodePipe) locationId: string, @Param('clientId', UuidParamPipe) clientId: string, @Req() request: ActorRequest, @Res() response: Response): Promise<void> {
    const path = `/locations/${encodeURIComponent(locationId)}/clients/${clientId}/preferences`;
    // Contact preferences, not health data: not in the read audit (the messages list is).
    await this.forwarder.query({ service: 'notification', path, locationId }, request, response);
  }

  @Put('preferences')
  @RequirePermission('client-preferences:write')
  @ApiOperation({ summary: "Replace a client's message preferences (an opt-out made here is recorded as `front-desk`; one held keeps its instant and source)" })
  @ApiBody({ type: PutClientPreferencesRequestDto, examples: { 'no SMS, French': { value: { optedOut: ['sms'], quietHoursOptOut: false, language: 'fr' } } } })
  @ApiOkResponse({ description: 'The preferences now.', content: { 'application/json': { example: PREFERENCES_EXAMPLE } } })
  @ApiBadRequestResponse({ description: 'An invalid field, named in invalid-params (e.g. a channel other than email or sms).', ...problemResponse })
  @ApiNotFoundResponse({ description: 'No such client at this location.', ...problemResponse })
  async putPreferences(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Body() body: PutClientPreferencesRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    const path = `/locations/${encodeURIComponent(locationId)}/clients/${clientId}/preferences`;
    await this.forwarder.change({ service: 'notification', path, locationId }, 'PUT', body, request, response);
  }
}
