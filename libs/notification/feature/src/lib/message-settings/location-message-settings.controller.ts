import { settingsProblems, type NotificationSettings } from '@massage/notification-domain';
import { CLOCK, strictValidationPipe, ValidationProblem, type Clock } from '@massage/platform';
import { CurrentActor, RequirePermission } from '@massage/platform-security';
import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, IsString, ValidateIf, ValidateNested } from 'class-validator';
import { DataSource } from 'typeorm';
import { checkLocation } from '../client-messages/client-messages.controller';
import {
  readMessageSettings,
  writeMessageSettings,
  type StoredMessageSettings,
} from './location-message-settings.store';

export class QuietHoursDto {
  /** `HH:mm` local time; the domain checks the format and that `from` ≠ `to`. */
  @IsString()
  from: string;

  @IsString()
  to: string;
}

/** `PUT /locations/:locationId/message-settings`: the whole settings. Shapes here, rules in the domain (`settingsProblems`). */
export class PutMessageSettingsDto {
  @IsArray()
  @IsInt({ each: true })
  reminderOffsetsMinutes: number[];

  /** Null: no pre-visit check. */
  // Null turns it off; left out is refused (a PUT is the whole settings).
  @ValidateIf((o: { preVisitCheckMinutes?: unknown }) => o.preVisitCheckMinutes !== null)
  @IsInt()
  preVisitCheckMinutes: number | null;

  /** Null: the location sends at any hour. */
  @ValidateIf((o: { quietHours?: unknown }) => o.quietHours !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours: QuietHoursDto | null;
}

export interface MessageSettingsView extends NotificationSettings {
  locationId: string;
  /** True: the location has no settings of its own and uses these defaults. */
  isDefault: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/**
 * A location's reminder settings (issue 10): the reminders' offsets, the pre-visit check, the quiet hours. Read by
 * the front desk, managers and HQ; changed by managers and HQ. A change applies to what is planned afterwards
 * (bookings, reschedules): reminders already scheduled keep their instants (ADR 0020 addendum).
 */
@Controller('locations/:locationId/message-settings')
export class LocationMessageSettingsController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @RequirePermission('message-settings:read')
  @Get()
  async get(@Param('locationId') locationId: string): Promise<MessageSettingsView> {
    checkLocation(locationId);
    return view(locationId, await readMessageSettings(this.dataSource.manager, locationId));
  }

  @RequirePermission('message-settings:write')
  @Put()
  async put(
    @Param('locationId') locationId: string,
    @Body(strictValidationPipe()) body: PutMessageSettingsDto,
    @CurrentActor() actor: { subject: string },
  ): Promise<MessageSettingsView> {
    checkLocation(locationId);
    const settings: NotificationSettings = {
      reminderOffsetsMinutes: body.reminderOffsetsMinutes,
      preVisitCheckMinutes: body.preVisitCheckMinutes ?? null,
      quietHours: body.quietHours ? { from: body.quietHours.from, to: body.quietHours.to } : null,
    };
    const problems = settingsProblems(settings);
    if (problems.length > 0) throw new ValidationProblem(problems);
    return this.dataSource.transaction(async (manager) => {
      await readMessageSettings(manager, locationId, true);
      await writeMessageSettings(manager, locationId, settings, this.clock.now(), actor.subject);
      return view(locationId, await readMessageSettings(manager, locationId));
    });
  }
}

function view(locationId: string, stored: StoredMessageSettings): MessageSettingsView {
  return {
    locationId,
    ...stored.settings,
    isDefault: stored.updatedAt === null,
    updatedAt: stored.updatedAt?.toISOString() ?? null,
    updatedBy: stored.updatedBy,
  };
}
