import type { NotificationChannel, OptOutSource } from '@massage/notification-domain';
import { CLOCK, NamedProblem, strictValidationPipe, type Clock } from '@massage/platform';
import { RequirePermission } from '@massage/platform-security';
import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import { checkLocation } from '../client-messages/client-messages.controller';
import { CHANNELS, readPreferences, setChannelOptOut, setMessageSettings, type StoredPreferences } from './client-preferences.store';

/** `PUT …/preferences`: the whole choice (channels not listed are opted in). */
export class PutPreferencesDto {
  @IsArray()
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  optedOut: NotificationChannel[];

  /** True: the client receives messages in the location's quiet hours too. */
  @IsBoolean()
  quietHoursOptOut: boolean;

  @IsIn(['en', 'fr'])
  language: 'en' | 'fr';
}

export interface PreferencesView {
  clientId: string;
  channels: Record<NotificationChannel, { optedOut: boolean; optedOutAt: string | null; via: OptOutSource | null }>;
  quietHoursOptOut: boolean;
  /** The language messages are written in: the client's choice here, else the contact's. */
  language: 'en' | 'fr';
}

/**
 * A client's message preferences at a location (issue 10): opt-in/out per channel, the quiet-hours choice and the
 * language. An opt-out made here is recorded as `front-desk` (one already held keeps its instant and source).
 * Another location's client is 404.
 */
@Controller('locations/:locationId/clients/:clientId/preferences')
export class ClientPreferencesController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @RequirePermission('client-preferences:read')
  @Get()
  async get(@Param('locationId') locationId: string, @Param('clientId', new ParseUUIDPipe()) clientId: string): Promise<PreferencesView> {
    checkLocation(locationId);
    return this.dataSource.transaction(async (manager) => {
      const language = await this.contactLanguage(manager, locationId, clientId);
      return view(clientId, await readPreferences(manager, clientId), language);
    });
  }

  @RequirePermission('client-preferences:write')
  @Put()
  async put(
    @Param('locationId') locationId: string,
    @Param('clientId', new ParseUUIDPipe()) clientId: string,
    @Body(strictValidationPipe()) body: PutPreferencesDto,
  ): Promise<PreferencesView> {
    checkLocation(locationId);
    return this.dataSource.transaction(async (manager) => {
      const contactLanguage = await this.contactLanguage(manager, locationId, clientId);
      await readPreferences(manager, clientId, true);
      for (const channel of CHANNELS) {
        await setChannelOptOut(manager, clientId, channel, body.optedOut.includes(channel) ? { at: this.clock.now(), via: 'front-desk' } : null);
      }
      await setMessageSettings(manager, clientId, { quietHoursOptOut: body.quietHoursOptOut, language: body.language });
      return view(clientId, await readPreferences(manager, clientId), contactLanguage);
    });
  }

  /** The client's contact at this location (its language), or 404. */
  private async contactLanguage(manager: EntityManager, locationId: string, clientId: string): Promise<'en' | 'fr'> {
    const [contact] = (await manager.query(`SELECT language FROM contact WHERE client_id = $1 AND location_id = $2`, [clientId, locationId])) as { language: 'en' | 'fr' }[];
    if (!contact) throw new NamedProblem(404, 'unknown-client', 'No such client at this location.');
    return contact.language;
  }
}

function view(clientId: string, p: StoredPreferences, contactLanguage: 'en' | 'fr'): PreferencesView {
  const channel = (c: NotificationChannel) => ({ optedOut: p.optOuts[c] !== undefined, optedOutAt: p.optOuts[c]?.at.toISOString() ?? null, via: p.optOuts[c]?.via ?? null });
  return { clientId, channels: { email: channel('email'), sms: channel('sms') }, quietHoursOptOut: p.quietHoursOptOut, language: p.language ?? contactLanguage };
}
