import { RequirePermission, type ActorRequest } from '@massage/platform-security';
import { Body, Controller, Get, Param, Put, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsObject,
  ValidateIf,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { Response } from 'express';
import { LocationScopedApi, problemResponse } from '../http/api-docs.decorators';
import { LocationCodePipe } from '../http/path-params';
import { ServiceForwarder } from '../http/service.forwarder';

const WEEK_MINUTES = 7 * 1_440;
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursRequestDto {
  @ApiProperty({ description: 'Local time quiet hours begin, HH:mm.', example: '22:00' })
  @Matches(LOCAL_TIME, { message: 'from must be a local time HH:mm' })
  from: string;

  @ApiProperty({
    description: 'Local time they end, HH:mm (before `from`: the span wraps midnight); must differ from `from`.',
    example: '07:00',
  })
  @Matches(LOCAL_TIME, { message: 'to must be a local time HH:mm' })
  to: string;
}

/** A location's reminder settings, the whole of them. The service checks the same rules again (and from ≠ to). */
export class PutMessageSettingsRequestDto {
  @ApiProperty({
    description:
      'Reminders, in minutes before the start (whole days keep the local clock time): 1 to 10080, at most 4, distinct.',
    type: [Number],
    example: [1440, 60],
  })
  @IsArray()
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(WEEK_MINUTES, { each: true })
  reminderOffsetsMinutes: number[];

  @ApiPropertyOptional({
    description: 'The pre-visit "anything changed?" link, minutes before the start; null: none.',
    type: Number,
    nullable: true,
    example: 2880,
  })
  // Null turns it off; left out is refused (a PUT is the whole settings).
  @ValidateIf((o: { preVisitCheckMinutes?: unknown }) => o.preVisitCheckMinutes !== null)
  @IsInt()
  @Min(1)
  @Max(WEEK_MINUTES)
  preVisitCheckMinutes: number | null;

  @ApiPropertyOptional({
    description: 'Nothing is sent in these local hours (a due message waits for their end); null: any hour.',
    type: QuietHoursRequestDto,
    nullable: true,
  })
  @ValidateIf((o: { quietHours?: unknown }) => o.quietHours !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursRequestDto)
  quietHours: QuietHoursRequestDto | null;
}

const SETTINGS_EXAMPLE = {
  locationId: 'downtown',
  reminderOffsetsMinutes: [1440, 60],
  preVisitCheckMinutes: 2880,
  quietHours: { from: '22:00', to: '07:00' },
  isDefault: false,
  updatedAt: '2026-03-02T12:00:00.000Z',
  updatedBy: 'manager-1',
};

/**
 * A location's reminder settings (issue 10), from notification: read by the front desk, managers and HQ, changed by
 * managers and HQ. A change applies to appointments planned afterwards; reminders already scheduled keep their times.
 */
@ApiTags('locations')
@LocationScopedApi()
@Controller({ path: 'locations/:locationId/message-settings', version: '1' })
export class MessageSettingsHttpController {
  constructor(private readonly forwarder: ServiceForwarder) {}

  @Get()
  @RequirePermission('message-settings:read')
  @ApiOperation({
    summary:
      "The location's reminder settings: offsets, pre-visit check, quiet hours (the defaults, `isDefault`, until changed)",
  })
  @ApiOkResponse({ description: 'The settings.', content: { 'application/json': { example: SETTINGS_EXAMPLE } } })
  async get(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    // Settings, not health data: no read audit.
    await this.forwarder.query(
      { service: 'notification', path: `/locations/${encodeURIComponent(locationId)}/message-settings`, locationId },
      request,
      response,
    );
  }

  @Put()
  @RequirePermission('message-settings:write')
  @ApiOperation({ summary: "Replace the location's reminder settings (for appointments booked or moved afterwards)" })
  @ApiBody({
    type: PutMessageSettingsRequestDto,
    examples: {
      '24 h and 1 h, quiet 22:00–07:00': {
        value: {
          reminderOffsetsMinutes: [1440, 60],
          preVisitCheckMinutes: 2880,
          quietHours: { from: '22:00', to: '07:00' },
        },
      },
      'one reminder, no check, any hour': {
        value: { reminderOffsetsMinutes: [120], preVisitCheckMinutes: null, quietHours: null },
      },
    },
  })
  @ApiOkResponse({ description: 'The settings now.', content: { 'application/json': { example: SETTINGS_EXAMPLE } } })
  @ApiBadRequestResponse({
    description:
      'An invalid field, named in invalid-params (an offset out of 1–10080, more than 4, repeated; quiet hours not HH:mm or from = to); nothing changed.',
    ...problemResponse,
  })
  async put(
    @Param('locationId', LocationCodePipe) locationId: string,
    @Body() body: PutMessageSettingsRequestDto,
    @Req() request: ActorRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.forwarder.change(
      { service: 'notification', path: `/locations/${encodeURIComponent(locationId)}/message-settings`, locationId },
      'PUT',
      body,
      request,
      response,
    );
  }
}
